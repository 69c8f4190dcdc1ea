"""The impact picture as a small PNG: one tile per theme, grouped by dimension.

Colour says the combined direction (blue = better, orange = worse: a diverging pair from
ColorBrewer that colour-blind readers tell apart), lightness says certainty (lighter =
less sure), upright stripes of pale blue and pale orange say the team is split (no
colour of either side, no certainty), hatched grey is "weet niet" and a dashed outline is
"no answer". Every tile also carries its words, and the summary text
says the same, so nothing is told by colour alone.

Drawn with Pillow and DejaVu Sans bundled in bot/rendering/fonts (Pillow's own default font has no
ë), so no system font is assumed and nothing is downloaded. The image is saved with an
adaptive palette, which keeps it far below 60 KB.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from dialogs.views import ImpactCell, ImpactPicture

Colour = tuple[int, int, int]

WIDTH = 840
MARGIN = 24
COLUMNS = 4
GAP = 8
TILE_W = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
TILE_H = 92
PAD = 9
GROUP_HEADER = 32
TITLE_H = 70
LEGEND_H = 104

WHITE: Colour = (255, 255, 255)
INK: Colour = (33, 33, 33)
SUBTLE: Colour = (97, 97, 97)
GREY: Colour = (217, 217, 217)
HATCH: Colour = (150, 150, 150)
OUTLINE: Colour = (150, 150, 150)
EDGE: Colour = (185, 185, 185)  # a thin edge so that light (uncertain) tiles read as tiles
DISAGREE: Colour = (33, 33, 33)
# A split team has no colour of its own: pale stripes of both directions on white, so it
# never looks like "no effect" (grey) nor like either side.
SPLIT_FILL: Colour = (255, 255, 255)

# ColorBrewer RdBu (blue side) and PuOr (orange side), neutral a light grey.
DIRECTION_COLOURS: dict[str, Colour] = {
    "strongly_positive": (33, 102, 172),
    "positive": (103, 169, 207),
    "neutral": (205, 205, 205),
    "negative": (241, 163, 64),
    "strongly_negative": (179, 88, 6),
}
# How much white is mixed in per certainty level: certain 0, likely 30%, uncertain 60%.
CERTAINTY_WASH = {2: 0.0, 1: 0.3, 0: 0.6, -1: 0.0}
LEGEND_ORDER = ("strongly_positive", "positive", "neutral", "negative", "strongly_negative")


@dataclass(frozen=True)
class TileBox:
    """Where a theme's tile is drawn (for tests that look at the pixels)."""

    label: str
    left: int
    top: int
    right: int
    bottom: int


Font = ImageFont.FreeTypeFont


@cache
def _font(size: int, bold: bool = False) -> Font:
    """The bundled DejaVu Sans at `size` pixels; loaded once per size and weight."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    data = files("bot.rendering").joinpath(f"fonts/{name}").read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size)


def tile_colour(cell: ImpactCell) -> Colour:
    """The fill of a tile: direction colour washed toward white by lower certainty."""
    if cell.state == "unknown":
        return GREY
    if cell.state == "split":
        return SPLIT_FILL
    if not cell.direction:
        return WHITE
    base = DIRECTION_COLOURS[cell.direction]
    wash = CERTAINTY_WASH.get(cell.certainty_level, 0.0)
    return _mix(base, WHITE, wash)


def _mix(colour: Colour, other: Colour, share: float) -> Colour:
    r, g, b = (round(c * (1 - share) + o * share) for c, o in zip(colour, other, strict=True))
    return (r, g, b)


def _text_colour(fill: Colour) -> Colour:
    """White on dark tiles, ink on light ones (relative luminance)."""
    r, g, b = (c / 255 for c in fill)
    return WHITE if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else INK


def layout(picture: ImpactPicture) -> tuple[int, list[TileBox]]:
    """The image height and each tile's box, in drawing order."""
    y = MARGIN + TITLE_H
    boxes: list[TileBox] = []
    for group in picture.groups:
        y += GROUP_HEADER
        for index, cell in enumerate(group.cells):
            row, column = divmod(index, COLUMNS)
            left = MARGIN + column * (TILE_W + GAP)
            top = y + row * (TILE_H + GAP)
            boxes.append(TileBox(cell.label, left, top, left + TILE_W, top + TILE_H))
        rows = max(1, -(-len(group.cells) // COLUMNS))
        y += rows * (TILE_H + GAP) + 6
    return y + LEGEND_H + MARGIN, boxes


def render_impact_png(picture: ImpactPicture) -> bytes:
    """The picture as PNG bytes."""
    height, boxes = layout(picture)
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    title_font = _font(22, bold=True)
    draw.text(
        (MARGIN, MARGIN), _fit(picture.title, title_font, WIDTH - 2 * MARGIN), INK, title_font
    )
    draw.text((MARGIN, MARGIN + 34), picture.subtitle, SUBTLE, _font(14))

    cells = [cell for group in picture.groups for cell in group.cells]
    y = MARGIN + TITLE_H
    box_iter = iter(zip(cells, boxes, strict=True))
    for group in picture.groups:
        draw.text((MARGIN, y + 8), group.title, INK, _font(16, bold=True))
        y += GROUP_HEADER
        for _ in group.cells:
            cell, box = next(box_iter)
            _tile(draw, cell, box)
        rows = max(1, -(-len(group.cells) // COLUMNS))
        y += rows * (TILE_H + GAP) + 6
    _legend(draw, picture, y + 4)

    buffer = io.BytesIO()
    # An adaptive palette of 128 colours keeps the flat tile colours exact and leaves room
    # for the anti-aliased text; it makes the file three times smaller than plain RGB.
    palette = image.quantize(colors=128, dither=Image.Dither.NONE)
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def _tile(draw: ImageDraw.ImageDraw, cell: ImpactCell, box: TileBox) -> None:
    rect = (box.left, box.top, box.right, box.bottom)
    fill = tile_colour(cell)
    if cell.state == "none":
        draw.rectangle(rect, fill=WHITE)
        _dashed_rectangle(draw, rect, OUTLINE)
    else:
        draw.rectangle(rect, fill=fill, outline=EDGE, width=1)
        if cell.state == "unknown":
            _hatch(draw, rect)
        if cell.state == "split":
            _split_stripes(draw, rect, band=7)
            draw.rectangle(rect, outline=DISAGREE, width=2)
    ink = _text_colour(fill) if cell.state != "none" else SUBTLE
    width = TILE_W - 2 * PAD
    label_font, detail_font = _font(14, bold=True), _font(13)
    for line_number, line in enumerate(_wrap(cell.label, label_font, width, 2)):
        draw.text((box.left + PAD, box.top + PAD + 18 * line_number), line, ink, label_font)
    second = " · ".join(part for part in (cell.certainty, cell.note) if part)
    draw.text(
        (box.left + PAD, box.bottom - PAD - 36),
        _fit(cell.judgement, detail_font, width),
        ink,
        detail_font,
    )
    if second:
        draw.text(
            (box.left + PAD, box.bottom - PAD - 17),
            _fit(second, detail_font, width),
            ink,
            detail_font,
        )


def _hatch(draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int]) -> None:
    """Diagonal lines across a tile, clipped to it: the mark of "weet niet"."""
    left, top, right, bottom = rect
    height = bottom - top
    for start in range(left - height, right, 10):
        x0, y0, x1, y1 = start, bottom, start + height, top
        if x0 < left:
            y0 -= left - x0
            x0 = left
        if x1 > right:
            y1 += x1 - right
            x1 = right
        draw.line((x0, y0, x1, y1), fill=HATCH, width=1)


def _split_stripes(
    draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int], band: int | None = None
) -> None:
    """Upright stripes in the palest blue and orange of the scale: the mark of a split
    team. Upright, not slanted like the "weet niet" hatch; on a tile only in a band along
    its top and bottom edge, so its words stay on white and the PNG stays small."""
    left, top, right, bottom = rect
    if band is not None:
        _split_stripes(draw, (left, top, right, top + band))
        _split_stripes(draw, (left, bottom - band, right, bottom))
        return
    pale = [
        _mix(DIRECTION_COLOURS["positive"], WHITE, CERTAINTY_WASH[0]),
        _mix(DIRECTION_COLOURS["negative"], WHITE, CERTAINTY_WASH[0]),
    ]
    for number, x in enumerate(range(left, right, 8)):
        draw.rectangle((x, top, min(x + 3, right), bottom), fill=pale[number % 2])


def _dashed_rectangle(
    draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int], colour: Colour
) -> None:
    left, top, right, bottom = rect
    for x in range(left, right, 8):
        draw.line((x, top, min(x + 4, right), top), fill=colour, width=1)
        draw.line((x, bottom, min(x + 4, right), bottom), fill=colour, width=1)
    for y in range(top, bottom, 8):
        draw.line((left, y, left, min(y + 4, bottom)), fill=colour, width=1)
        draw.line((right, y, right, min(y + 4, bottom)), fill=colour, width=1)


def _legend(draw: ImageDraw.ImageDraw, picture: ImpactPicture, top: int) -> None:
    font = _font(13)
    x = MARGIN
    swatch = 18
    for key in LEGEND_ORDER:
        fill = DIRECTION_COLOURS[key]
        draw.rectangle((x, top, x + swatch, top + swatch), fill=fill)
        label = picture.legend[key]
        draw.text((x + swatch + 6, top + 2), label, INK, font)
        x += swatch + 18 + int(draw.textlength(label, font=font))
    # Second row: unknown, no answer, split.
    y = top + 32
    x = MARGIN
    draw.rectangle((x, y, x + swatch, y + swatch), fill=GREY)
    _hatch(draw, (x, y, x + swatch, y + swatch))
    x = _legend_label(draw, picture.legend["unknown"], x + swatch + 6, y, font)
    _dashed_rectangle(draw, (x, y, x + swatch, y + swatch), OUTLINE)
    x = _legend_label(draw, picture.legend["none"], x + swatch + 6, y, font)
    draw.rectangle((x, y, x + swatch, y + swatch), fill=SPLIT_FILL)
    _split_stripes(draw, (x, y, x + swatch, y + swatch))
    draw.rectangle((x, y, x + swatch, y + swatch), outline=DISAGREE, width=2)
    x = _legend_label(draw, picture.legend["split"], x + swatch + 6, y, font)
    y += 32
    x = MARGIN
    for level, key in ((2, "certain"), (1, "likely"), (0, "uncertain")):
        fill = _mix(DIRECTION_COLOURS["positive"], WHITE, CERTAINTY_WASH[level])
        draw.rectangle((x, y, x + swatch, y + swatch), fill=fill)
        x = _legend_label(draw, picture.legend[key], x + swatch + 6, y, font)
    _legend_label(draw, "(" + picture.legend["certainty"] + ")", x, y, font, colour=SUBTLE)


def _legend_label(
    draw: ImageDraw.ImageDraw,
    label: str,
    x: int,
    y: int,
    font: Font,
    colour: Colour = INK,
) -> int:
    draw.text((x, y + 2), label, colour, font)
    return x + int(draw.textlength(label, font=font)) + 22


def _fit(label: str, font: Font, width: int) -> str:
    """Shorten a label with an ellipsis so that it fits `width` pixels."""
    if font.getlength(label) <= width:
        return label
    while label and font.getlength(label + "…") > width:
        label = label[:-1]
    return label.rstrip() + "…"


def _wrap(label: str, font: Font, width: int, max_lines: int) -> list[str]:
    """Break a label into at most `max_lines` lines of `width` pixels (word by word)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_fit(line, font, width) for line in lines]
