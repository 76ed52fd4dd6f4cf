"""Pixel comparison of drawn text against a Pillow + raqm reference (helpers, no tests here).

A text artist is found in the rendered figure by its window extent, cropped and binarised; the
same logical string is drawn by Pillow with the raqm layout engine (HarfBuzz shaping + FriBiDi
reordering, the reference implementation of both) in the same font at the same pixel size,
binarised the same way, and the two ink masks are compared by intersection over union after
the best small shift. Correct text scores about 0.8-1.0; the same string reversed or unshaped
scores far lower.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image, ImageDraw, ImageFont, features

PASS = 0.5  # IoU at or above which two renderings count as the same text
INK = 110  # grey levels darker than 255 - INK are ink


def crop_ink(mask: np.ndarray) -> np.ndarray:
    """A boolean mask cropped to the bounding box of its True pixels."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return mask[:0, :0]
    return mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Binarise a greyscale image (dark text on white) and crop it to its ink."""
    return crop_ink(grey < 255 - INK)


def reference(text: str, font: str | Path, size_px: float,
              direction: str | None = None) -> np.ndarray:
    """Ink mask of ``text`` drawn by Pillow's raqm layout, one line under the other for
    multi-line text. No direction is given: raqm (FriBiDi) sets each line's base direction by
    the Unicode Bidirectional Algorithm, from its first strong character, so ``BBC فارسی`` is a
    left-to-right line and ``(۱۴۰۲) کتاب`` a right-to-left one. ``direction`` ("ltr" or "rtl")
    forces one, to draw a wrong rendering."""
    assert features.check("raqm"), "the reference needs Pillow built with raqm"
    pil_font = ImageFont.truetype(str(font), round(size_px), layout_engine=ImageFont.Layout.RAQM)
    lines = text.split("\n")
    img = Image.new("L", (int(size_px * (4 + max(map(len, lines)))), int(size_px * 2 * len(lines))),
                    255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size_px, size_px * (0.5 + 1.6 * i)), line, fill=0, font=pil_font,
                  direction=direction)
    return ink_mask(np.asarray(img))


def iou(a: np.ndarray, b: np.ndarray, shift: int = 3) -> float:
    """Best intersection over union of two ink masks over shifts of up to ``shift`` pixels."""
    if a.size == 0 or b.size == 0:
        return 0.0
    h, w = max(a.shape[0], b.shape[0]) + 2 * shift, max(a.shape[1], b.shape[1]) + 2 * shift
    big_a = np.zeros((h, w), bool)
    big_a[shift:shift + a.shape[0], shift:shift + a.shape[1]] = a
    big_b = np.zeros((h + 2 * shift, w + 2 * shift), bool)
    big_b[2 * shift:2 * shift + b.shape[0], 2 * shift:2 * shift + b.shape[1]] = b
    total = int(a.sum()) + int(b.sum())
    best = 0.0
    for dy in range(2 * shift + 1):
        for dx in range(2 * shift + 1):
            inter = int(np.count_nonzero(big_a & big_b[dy:dy + h, dx:dx + w]))
            best = max(best, inter / (total - inter))
    return best


def similarity(drawn: np.ndarray, ref: np.ndarray) -> float:
    """The better of the IoU of two ink masks and their IoU after stretching ``drawn`` onto
    ``ref``'s size (hinting and glyph advances differ by a few pixels between matplotlib and
    Pillow over a long label) times the ratio of their widths and of their heights (so a wider,
    unjoined rendering is penalised)."""
    if drawn.size == 0 or ref.size == 0:
        return 0.0
    ratio = (min(drawn.shape[0], ref.shape[0]) / max(drawn.shape[0], ref.shape[0])
             * min(drawn.shape[1], ref.shape[1]) / max(drawn.shape[1], ref.shape[1]))
    img = Image.fromarray(drawn.astype(np.uint8) * 255)
    stretched = np.asarray(img.resize((ref.shape[1], ref.shape[0]), Image.BILINEAR)) > 127
    return max(iou(drawn, ref), iou(stretched, ref, shift=2) * ratio)


def figure_grey(fig: Figure) -> np.ndarray:
    """The figure drawn by Agg as a greyscale array."""
    fig.canvas.draw()
    return np.asarray(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("L"))


def crop(grey: np.ndarray, artist: Text, pad: int = 4) -> np.ndarray:
    """The ink of ``grey`` inside ``artist``'s window extent (display pixels, origin bottom left)."""
    box = artist.get_window_extent(artist.figure.canvas.get_renderer())
    height = grey.shape[0]
    y0, y1 = int(np.floor(height - box.y1)) - pad, int(np.ceil(height - box.y0)) + pad
    x0, x1 = int(np.floor(box.x0)) - pad, int(np.ceil(box.x1)) + pad
    return ink_mask(grey[max(y0, 0):y1, max(x0, 0):x1])


def split_lines(mask: np.ndarray, gap: float) -> list[np.ndarray]:
    """Cut an ink mask into text lines at runs of at least ``gap`` empty rows."""
    empty = ~mask.any(axis=1)
    bands: list[np.ndarray] = []
    start, run = None, 0
    for row, is_empty in enumerate(empty):
        if is_empty:
            run += 1
            continue
        if start is None:
            start = row
        elif run >= gap:
            bands.append(mask[start:row - run])
            start = row
        run = 0
    if start is not None:
        bands.append(mask[start:len(empty) - run])
    return [crop_ink(b) for b in bands]


def text_only(artists: list[Text]) -> np.ndarray:
    """A greyscale image of the figure holding only the ink of ``artists``: the figure drawn with
    them and with them made invisible (alpha 0, so the layout does not change); the pixels they
    darken are black, everything else white."""
    fig = artists[0].figure
    with_them = figure_grey(fig).astype(int)
    alphas = [a.get_alpha() for a in artists]
    for artist in artists:
        artist.set_alpha(0)
    without = figure_grey(fig).astype(int)
    for artist, alpha in zip(artists, alphas, strict=True):
        artist.set_alpha(alpha)
    return np.where(without - with_them > INK // 2, 0, 255).astype(np.uint8)


def text_score(artist: Text, text: str | None = None, grey: np.ndarray | None = None) -> float:
    """IoU of ``artist`` as drawn against the raqm reference of ``text`` (default: its own
    logical string) in the artist's font and pixel size; for multi-line text the worst line.

    The artist's window extent is cropped from ``grey``: by default :func:`text_only` of the
    artist; pass :func:`text_only` of several artists to score them with two draws, or a
    rasterised PDF or SVG of a figure whose texts stand apart."""
    fig = artist.figure
    font = font_manager.findfont(artist.get_fontproperties())
    size_px = artist.get_fontsize() * fig.dpi / 72
    lines = (text or artist.get_text()).split("\n")
    drawn = crop(text_only([artist]) if grey is None else grey, artist)
    turns = round(artist.get_rotation() / 90) % 4
    if len(lines) == 1:
        return similarity(drawn, np.rot90(reference(lines[0], font, size_px), turns))
    assert turns == 0, "multi-line comparison supports horizontal text only"
    bands = split_lines(drawn, gap=0.2 * size_px)
    if len(bands) != len(lines):
        return 0.0
    return min(similarity(b, reference(line, font, size_px)) for b, line in zip(bands, lines,
                                                                        strict=True))


def raster_of(fig: Figure, fmt: str, tmp_path: Path) -> np.ndarray:
    """Save ``fig`` as PDF or SVG, rasterise it at the figure's dpi with pdftoppm / rsvg-convert
    and return it greyscale (same pixel grid as the Agg canvas)."""
    from toolkit.plots import save

    src = save(fig, tmp_path / f"figure.{fmt}", dpi=fig.dpi)
    dpi = str(round(fig.dpi))
    if fmt == "pdf":
        out = subprocess.run(["pdftoppm", "-r", dpi, "-png", "-singlefile", str(src)],
                             check=True, capture_output=True).stdout
    else:
        out = subprocess.run(["rsvg-convert", "-d", dpi, "-p", dpi, "-b", "white", str(src)],
                             check=True, capture_output=True).stdout
    return np.asarray(Image.open(io.BytesIO(out)).convert("L"))


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
