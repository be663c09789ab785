"""The score-rate chart: laid out once as shapes, drawn as SVG (HTML, PDF) or PNG (Word).

Why not matplotlib: importing it costs about half a second and brings numpy, while the chart is a
dozen bars. Laying out rectangles and text ourselves keeps one geometry for both outputs; the SVG
keeps real text (selectable, printed in the page's font) and the PNG is drawn with Pillow in an
installed CJK font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..numbers import HUNDRED, round_half_up
from .fonts import FontFile
from .model import Bar, Chart

if TYPE_CHECKING:  # Pillow is imported only when a PNG is drawn
    from PIL import ImageDraw, ImageFont

    Face = ImageFont.FreeTypeFont | ImageFont.ImageFont

WIDTH = 640
ROW = 26
TOP = 28
FONT = 13
NOTE_FONT = 12
COLOURS = {1: "#1f4e79", 2: "#6f9fcf"}
GRID = "#c8c8c8"
INK = "#222222"


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int
    fill: str


@dataclass(frozen=True, slots=True)
class Text:
    x: int
    y: int  # baseline
    text: str
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    size: int = FONT


@dataclass(frozen=True, slots=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int


Shape = Rect | Text | Line


@dataclass(frozen=True, slots=True)
class Drawing:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def text_width(text: str, size: int = FONT) -> int:
    """Chinese characters are one em wide, Latin letters and digits about half."""
    return sum(size if ord(ch) > 0x2E7F else size // 2 + 1 for ch in text)


def layout(chart: Chart) -> Drawing:
    label_w = max((text_width(_label(b), FONT) for b in chart.bars), default=0) + 12
    note_w = max((text_width(b.note, NOTE_FONT) for b in chart.bars), default=0) + 12
    plot_x, plot_w = label_w, WIDTH - label_w - note_w
    height = TOP + ROW * len(chart.bars) + 8
    shapes: list[Shape] = [*_axis(plot_x, plot_w, height, chart.axis)]
    for i, bar in enumerate(chart.bars):
        shapes.extend(_bar(bar, TOP + ROW * i, plot_x, plot_w))
    return Drawing(WIDTH, height, tuple(shapes))


def _label(bar: Bar) -> str:
    return ("　" * (bar.level - 1)) + bar.label


def _scale(share: Decimal, plot_w: int) -> int:
    return int(round_half_up(share * plot_w, Decimal(1)))


def _axis(plot_x: int, plot_w: int, height: int, axis: str) -> list[Shape]:
    shapes: list[Shape] = [Text(plot_x - 18, TOP - 10, axis, "end", bold=True)]  # left of the "0%" tick
    for tick in range(0, 101, 20):
        x = plot_x + _scale(Decimal(tick) / HUNDRED, plot_w)
        shapes.append(Line(x, TOP - 6, x, height - 6))
        shapes.append(Text(x, TOP - 10, f"{tick}%", "middle", size=11))
    return shapes


def _bar(bar: Bar, y: int, plot_x: int, plot_w: int) -> list[Shape]:
    w = _scale(min(max(bar.share, Decimal(0)), Decimal(1)), plot_w)
    base = y + ROW - 9
    return [
        Text(plot_x - 8, base, _label(bar), "end", bold=bar.level == 1),
        Rect(plot_x, y + 5, w, ROW - 10, COLOURS.get(bar.level, COLOURS[2])),
        Text(plot_x + w + 6, base, bar.note, size=NOTE_FONT),
    ]


def svg(chart: Chart) -> str:
    """The chart as an inline SVG element (its text uses the surrounding page's font)."""
    drawing = layout(chart)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawing.width} {drawing.height}" '
             f'width="{drawing.width}" height="{drawing.height}" role="img" aria-label="{escape(chart.caption)}">']
    parts.extend(_svg_shape(s) for s in drawing.shapes)
    parts.append("</svg>")
    return "".join(parts)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        return f'<rect x="{shape.x}" y="{shape.y}" width="{shape.w}" height="{shape.h}" fill="{shape.fill}"/>'
    if isinstance(shape, Line):
        return f'<line x1="{shape.x1}" y1="{shape.y1}" x2="{shape.x2}" y2="{shape.y2}" stroke="{GRID}"/>'
    weight = ' font-weight="bold"' if shape.bold else ""
    return (f'<text x="{shape.x}" y="{shape.y}" font-size="{shape.size}" text-anchor="{shape.anchor}" '
            f'fill="{INK}"{weight}>{escape(shape.text)}</text>')


def png(chart: Chart, font: FontFile | None, scale: int = 2) -> bytes:
    """The chart as a PNG, ``scale`` times the SVG's size, drawn with ``font`` (Pillow's own if None)."""
    from PIL import Image, ImageDraw

    drawing = layout(chart)
    image = Image.new("RGB", (drawing.width * scale, drawing.height * scale), "white")
    draw = ImageDraw.Draw(image)
    faces = {size: _font(font, size * scale) for size in {s.size for s in drawing.shapes if isinstance(s, Text)}}
    for shape in drawing.shapes:
        _png_shape(draw, shape, faces, scale)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(96 * scale, 96 * scale), compress_level=1)  # speed over a few KB
    return out.getvalue()


def _png_shape(draw: ImageDraw.ImageDraw, shape: Shape, faces: dict[int, Face], scale: int) -> None:
    if isinstance(shape, Rect):
        if shape.w > 0:
            draw.rectangle([shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale - 1,
                            (shape.y + shape.h) * scale - 1], fill=shape.fill)
        return
    if isinstance(shape, Line):
        draw.line([shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale], fill=GRID, width=scale)
        return
    anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
    draw.text((shape.x * scale, shape.y * scale), shape.text, fill=INK, anchor=anchor,
              font=faces[shape.size], stroke_width=1 if shape.bold else 0, stroke_fill=INK)


def _font(font: FontFile | None, size: int) -> Face:
    from PIL import ImageFont

    if font is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(font.path, size, index=font.index)
