"""Word clouds drawn by the ``wordcloud`` package from the toolkit's own frequencies.

The package is only given ``generate_from_frequencies``, so it never re-tokenises: its regex
``\\w[\\w']+`` stops at ZWNJ and splits ``کتاب‌ها`` into two words (case B15), and its Persian
forks strip ZWNJ (B16). Words are drawn with Pillow; Pillow with raqm shapes them itself, so they
are pre-shaped only when a probe shows that the installed Pillow does not (B17). The default
font is the toolkit's Persian font, not wordcloud's DroidSansMono, which has no Persian letters
(B18).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from wordcloud import WordCloud

from ..naming import renamed
from ..tokens import Tokens
from .axes import check_digits, literal, new_axes
from .bars import as_frame, require_columns
from .fonts import font_path
from .style import themed_plot
from .text import display_text, drawable


def frequencies(data: Any, *, term: str = "term", value: str = "count") -> dict[str, float]:
    """term -> frequency from a frequency table, a Series, a dict or ``Tokens`` (type counts).

    Bidi control characters (case B23) and other control characters are removed from the terms
    (:func:`~toolkit.plots.text.drawable`) and terms left empty are
    dropped; terms that become equal are summed; zero and negative values are dropped."""
    if isinstance(data, Tokens):
        counts = data.type_counts()
        frame = pd.DataFrame({term: data.vocab, value: counts})
    else:
        frame = as_frame(data, term, value)
        require_columns(frame, [term, value], "wordcloud()")
    clean = frame[term].astype(str).map(drawable).str.strip()
    totals = frame[value].astype(float).groupby(clean.to_numpy(), sort=False).sum()
    return {t: float(v) for t, v in totals.items() if t and v > 0}


def cloud(freqs: dict[str, float], *, font: str | None = None, width: int = 800,
          height: int = 400, seed: int = 0, background: str = "white", **kwargs: Any) -> WordCloud:
    """A laid-out ``wordcloud.WordCloud`` of ``freqs`` (term -> frequency).

    ``font`` defaults to the toolkit's Persian font. When Pillow cannot shape (no raqm), each
    word is handed to the cloud pre-shaped (:func:`~toolkit.plots.text.display_text` for
    ``"pillow"``); ``layout_`` is mapped back to the logical words, so ``words_`` and
    ``layout_`` always hold the logical strings. ``seed`` fixes the placement (the same input
    gives the same image). Words are laid out horizontally unless ``prefer_horizontal`` says
    otherwise. Other keyword arguments go to ``WordCloud``.
    """
    font = str(font or font_path())
    kwargs.setdefault("prefer_horizontal", 1.0)
    shown = {display_text(w, "pillow", font): w for w in freqs}
    wc = WordCloud(font_path=font, width=width, height=height, random_state=seed,
                   background_color=background, **kwargs)
    wc.generate_from_frequencies({s: freqs[w] for s, w in shown.items()})
    wc.layout_ = [((shown[s], f), *rest) for (s, f), *rest in wc.layout_]
    wc.words_ = {shown[s]: f for s, f in wc.words_.items()}
    return wc


def comparison(groups: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Split terms between groups as a comparison cloud does (Fellows, R package wordcloud,
    ``comparison.cloud``): with p_ig the relative frequency of term i in group g and p_i the
    mean over groups, each term goes to the group where p_ig - p_i is largest, with that excess
    as its weight. Returns group -> term -> weight (only positive weights)."""
    table = pd.DataFrame(groups).fillna(0.0)
    prop = table / table.sum(axis=0)
    excess = prop.sub(prop.mean(axis=1), axis=0)
    winner = excess.idxmax(axis=1)
    return {g: {t: float(excess.at[t, g]) for t in winner.index[winner == g]
                if excess.at[t, g] > 0} for g in table.columns}


@renamed(group="by")
@themed_plot
def wordcloud(data: Any, *, term: str = "term", value: str = "count", by: str | None = None,
              max_words: int = 150, font: str | None = None, width: int = 800,
              height: int = 400, seed: int = 0, colormaps: tuple[str, ...] = ("viridis",
                                                                                "autumn"),
              title: str | None = None, digits: str = "persian", rtl: bool = False,
              ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw a word cloud of a frequency table (or Series, dict, ``Tokens``; see
    :func:`frequencies`).

    With ``by`` (a column with two or more groups; ``group=`` is its old name, deprecated) a
    comparison cloud: each group's words
    (chosen by :func:`comparison`) in its own panel and colour map, the groups from right to
    left when ``rtl``. ZWNJ words stay whole; see :func:`cloud` for the font and shaping.
    ``digits`` and ``rtl`` follow the common signature. Other keyword arguments go to
    ``WordCloud``. Returns the Axes.
    """
    check_digits(digits)
    ax = new_axes(ax, (width / 100, height / 100))
    ax.set_axis_off()
    if by is None:
        wc = cloud(frequencies(data, term=term, value=value), font=font, width=width,
                   height=height, seed=seed, max_words=max_words, colormap=colormaps[0],
                   **kwargs)
        ax.imshow(wc.to_array(), interpolation="bilinear")
    else:
        require_columns(data, [by], "wordcloud(by=...)")
        keys = data[by].astype(str)
        names = list(dict.fromkeys(keys))
        parts = comparison({g: frequencies(data[keys == g], term=term, value=value)
                            for g in names})
        order = list(parts)[::-1] if rtl else list(parts)
        panel = width // len(order)
        images = []
        for i, name in enumerate(order):
            if parts[name]:
                wc = cloud(parts[name], font=font, width=panel, height=height, seed=seed,
                           max_words=max_words // len(order),
                           colormap=colormaps[names.index(name) % len(colormaps)], **kwargs)
                images.append(wc.to_array())
            else:  # no term is more typical of this group than of the others
                images.append(np.full((height, panel, 3), 255, dtype=np.uint8))
            literal(ax.text((i + 0.5) * panel, -8, name, ha="center", va="bottom"))
        ax.imshow(np.concatenate(images, axis=1), interpolation="bilinear")
    if title:
        ax.set_title(title, pad=20 if by else 6)
    return ax
