"""Command line: ``python -m toolkit report [PATH ...] --out DIR [--text FIELD] [--title FIELD]
[--date FIELD] [--format FORMAT] [--encoding CODEC] [--stopwords FILE]`` and
``python -m toolkit figures --out DIR [--corpus PATH]``.

Exit status (:data:`EXIT_STATUS`): 0 done; 2 the input could not be read or the output could not
be written (the message names the file and the cause: disk full, permission denied, read-only
file system, ...; the output folder holds its previous files); 3 a worker process died (most
often killed by the out-of-memory killer; nothing was written); 130 interrupted (Ctrl-C; nothing
was written, or, when it came while the files were being published, too late to stop: the
message then says the new files are there in full).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..loaders import READERS

#: the command's exit statuses, also shown by ``--help``
EXIT_STATUS = {0: "done", 2: "input unreadable or output not writable (the message names the file)",
               3: "a worker process died, nothing was written",
               130: "interrupted (the message says whether anything was written)"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Explore Persian text: tables, figures and a report from a folder of articles.",
        epilog="exit status: " + "; ".join(f"{k} {v}" for k, v in EXIT_STATUS.items()),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rep = commands.add_parser(
        "report", help="load articles, count words and co-occurrences, draw figures, write report.md"
    )
    rep.add_argument("paths", nargs="*", default=["seeds"],
                     help="files, folders or globs of articles (default: seeds/)")
    rep.add_argument("--out", default="out", help="folder to write into (default: out/)")
    rep.add_argument("--top", type=int, default=20, help="words in the bar chart (default 20)")
    rep.add_argument("--span", type=int, default=4,
                     help="co-occurrence span: tokens on each side of a word (default 4)")
    rep.add_argument("--window", type=int, default=None,
                     help="deprecated: a span of WINDOW tokens (NLTK's window size); "
                          "--window 5 is --span 4")
    rep.add_argument("--strict", action="store_true",
                     help="stop at the first unreadable document instead of listing it as skipped")
    rep.add_argument("--text", action="append", metavar="FIELD",
                     help="the field (column) holding the text; repeat it to join several "
                          "(default: recognised by name: text, body, content, متن, محتوا, ...)")
    rep.add_argument("--title", metavar="FIELD",
                     help="the title field (default: title, عنوان, تیتر, ... when present)")
    rep.add_argument("--date", metavar="FIELD",
                     help="the date field, Jalali or Gregorian (default: date, تاریخ, ...)")
    rep.add_argument("--format", choices=sorted(READERS), metavar="FORMAT",
                     help="read every input in this format (default: from the file name "
                          f"ending); one of {', '.join(sorted(READERS))}")
    rep.add_argument("--encoding", metavar="CODEC",
                     help="the files' encoding, e.g. utf-8, utf-16, cp1256 (default: detected)")
    rep.add_argument("--stopwords", metavar="FILE",
                     help="a UTF-8 file of further stopwords, one per line, removed besides "
                          "hazm's list")
    fig = commands.add_parser(
        "figures", help="run the figure-making notebooks headlessly, write figures and a manifest")
    fig.add_argument("--out", default="figures", help="folder to write into (default: figures/)")
    fig.add_argument("--corpus", default=None,
                     help="corpus for the notebooks (TOOLKIT_CORPUS; default: the teaching "
                          "corpus that ships with the toolkit)")
    args = parser.parse_args(argv)
    if args.command == "figures":
        return _figures(args.out, args.corpus)

    from ..outputs import InterruptedAfterPublishing
    from ..parallel import WorkerError
    from .report import plural, report

    late = f"interrupted: too late to stop, {args.out} holds the new report, written in full"

    try:
        stopwords = _stopwords(args.stopwords)
        if args.window is not None:
            print(f"note: --window is deprecated; --window {args.window} is --span "
                  f"{args.window - 1}", file=sys.stderr)
            args.span = args.window - 1
        files = report(args.paths, args.out, top=args.top, span=args.span,
                       errors="raise" if args.strict else "skip", text=args.text,
                       title=args.title, date=args.date, format=args.format,
                       encoding=args.encoding, stopwords=stopwords)
    except WorkerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except (ValueError, OSError) as err:  # CorpusError, OutputError, WriteError
        print(f"error: {err}", file=sys.stderr)
        return 2
    except InterruptedAfterPublishing:
        print(late, file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"interrupted: nothing was written, {args.out} is as it was", file=sys.stderr)
        return 130
    try:
        print(f"Loaded {plural(files.documents, 'document')} ({files.skipped} skipped) from "
              f"{', '.join(map(str, args.paths))}")
        print(f"Wrote {files.out}/: frequency.csv, cooccurrence.csv, diagnostics.csv, "
              "top_words.png, top_words.svg, cooccurrence_network.png, report.md")
        print(f"Open {files.report}")
    except KeyboardInterrupt:
        print(late, file=sys.stderr)
        return 130
    return 0


def _stopwords(path: str | None) -> list[str]:
    """The words of a stopword file (one per line, UTF-8, blank lines and ``#`` comments left
    out); an unreadable file is an error naming it."""
    if path is None:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: the stopword file is not UTF-8 ({exc.reason} at byte "
                         f"{exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the stopword file ({exc.strerror or exc})") from None
    return [w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")]


def _figures(out: str, corpus: str | None) -> int:
    from ..outputs import InterruptedAfterPublishing
    from .figures import make_figures

    try:
        manifest = make_figures(out, corpus=corpus)
    except (OSError, RuntimeError) as err:  # no notebook, a failing cell, WriteError
        print(f"error: {err}", file=sys.stderr)
        return 2
    except InterruptedAfterPublishing:
        print(f"interrupted: too late to stop, {out} holds the new figures, written in full",
              file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"interrupted: {out} is as it was", file=sys.stderr)
        return 130
    lines = manifest.read_text(encoding="utf-8").splitlines()
    print(f"Wrote {len(lines)} files to {manifest.parent}/ and their SHA-256 to {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
