"""Command line: ``python -m toolkit report [PATH ...] --out DIR`` and
``python -m toolkit figures --out DIR [--corpus PATH]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit",
        description="Explore Persian text: tables, figures and a report from a folder of articles.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rep = commands.add_parser(
        "report", help="load articles, count words and co-occurrences, draw figures, write report.md"
    )
    rep.add_argument("paths", nargs="*", default=["seeds"],
                     help="files, folders or globs of articles (default: seeds/)")
    rep.add_argument("--out", default="out", help="folder to write into (default: out/)")
    rep.add_argument("--top", type=int, default=20, help="words in the bar chart (default 20)")
    rep.add_argument("--window", type=int, default=5,
                     help="co-occurrence window in tokens (default 5)")
    rep.add_argument("--strict", action="store_true",
                     help="stop at the first unreadable document instead of listing it as skipped")
    fig = commands.add_parser(
        "figures", help="run the figure-making notebooks headlessly, write figures and a manifest")
    fig.add_argument("--out", default="figures", help="folder to write into (default: figures/)")
    fig.add_argument("--corpus", default=None,
                     help="corpus for the notebooks (TOOLKIT_CORPUS; default: seeds/)")
    args = parser.parse_args(argv)
    if args.command == "figures":
        return _figures(args.out, args.corpus)

    from .report import report

    try:
        files = report(args.paths, args.out, top=args.top, window=args.window,
                       errors="raise" if args.strict else "skip")
    except (ValueError, OSError) as err:  # CorpusError, OutputError, an unwritable --out
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Loaded {files.documents} documents ({files.skipped} skipped) from "
          f"{', '.join(map(str, args.paths))}")
    print(f"Wrote {files.out}/: frequency.csv, cooccurrence.csv, diagnostics.csv, top_words.png, "
          "top_words.svg, cooccurrence_network.png, report.md")
    print(f"Open {files.report}")
    return 0


def _figures(out: str, corpus: str | None) -> int:
    from .figures import make_figures

    try:
        manifest = make_figures(out, corpus=corpus)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    lines = manifest.read_text(encoding="utf-8").splitlines()
    print(f"Wrote {len(lines)} files to {manifest.parent}/ and their SHA-256 to {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
