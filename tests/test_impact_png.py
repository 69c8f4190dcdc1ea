"""The impact picture: a small PNG whose tiles show direction, certainty and gaps."""

from __future__ import annotations

import io

from PIL import Image

from bot.rendering.impact_png import (
    DIRECTION_COLOURS,
    DISAGREE,
    GREY,
    HATCH,
    WHITE,
    WIDTH,
    layout,
    render_impact_png,
    tile_colour,
)
from dialogs.views import ImpactCell, ImpactGroup, ImpactPicture

LEGEND = {
    "strongly_positive": "Sterk positief",
    "positive": "Positief",
    "neutral": "Neutraal / geen effect",
    "negative": "Negatief",
    "strongly_negative": "Sterk negatief",
    "unknown": "Weet niet",
    "none": "Geen antwoord",
    "certainty": "Lichter = minder zeker",
    "split": "Verdeeld",
    "certain": "zeker",
    "likely": "waarschijnlijk",
    "uncertain": "onzeker",
}


def cell(label: str, state: str, direction: str = "", level: int = -1) -> ImpactCell:
    return ImpactCell(
        label=label,
        judgement=LEGEND.get(direction or state, "Geen antwoord"),
        certainty=["onzeker", "waarschijnlijk", "zeker"][level] if level >= 0 else "",
        state=state,
        direction=direction,
        certainty_level=level,
        note="1× positief, 1× negatief" if state == "split" else "",
    )


CELLS = (
    cell("Gezondheid", "judged", "strongly_positive", 2),
    cell("Materiële welvaart", "judged", "positive", 0),
    cell("Wonen", "unknown"),
    cell("Milieu", "split"),  # a split has no direction and no certainty
    cell("Buitenland", "none"),
    cell(
        "Bereikbaarheid en voorzieningen, met een heel lang label dat niet past",
        "judged",
        "neutral",
        1,
    ),
)


def picture(cells: tuple[ImpactCell, ...] = CELLS, groups: int = 1) -> ImpactPicture:
    return ImpactPicture(
        language="nl",
        title="Impactbeeld: Fietspad Assen-Zuid",
        subtitle="Tussenstand · 62% van de vragen beantwoord · 5 personen",
        groups=tuple(ImpactGroup(f"Deel {i}", cells) for i in range(groups)),
        legend=LEGEND,
        alt_text="",
    )


def test_tiles_show_direction_certainty_and_gaps() -> None:
    shown = picture()
    image = Image.open(io.BytesIO(render_impact_png(shown))).convert("RGB")
    height, boxes = layout(shown)
    assert image.size == (WIDTH, height)
    tiles = dict(zip((b.label for b in boxes), boxes, strict=True))

    def near_corner(label: str, inset: int = 6) -> tuple[int, int, int]:
        box = tiles[label]
        return image.getpixel((box.right - inset, box.bottom - inset))

    def close(a: tuple[int, ...], b: tuple[int, ...], slack: int = 6) -> bool:
        return all(abs(x - y) <= slack for x, y in zip(a, b, strict=True))

    # Certain, strongly positive: the full dark blue.
    assert close(near_corner("Gezondheid"), DIRECTION_COLOURS["strongly_positive"])
    # Uncertain: the same hue, washed toward white, and lighter than the certain one.
    washed = near_corner("Materiële welvaart")
    assert close(washed, tile_colour(CELLS[1]))
    assert sum(washed) > sum(DIRECTION_COLOURS["positive"])
    # Split: a dark border around pale stripes of both sides, no colour of either side
    # nor the grey of "geen effect".
    box = tiles["Milieu"]
    assert close(image.getpixel((box.left + 1, box.top + 40)), DISAGREE)
    assert tile_colour(CELLS[3]) == WHITE
    strip = {image.getpixel((x, box.bottom - 5)) for x in range(box.left + 3, box.right - 3)}
    assert any(b - r > 40 for r, _, b in strip), "a pale blue stripe"
    assert any(r - b > 40 for r, _, b in strip), "a pale orange stripe"
    assert not any(close(p, c) for p in strip for c in (GREY, *DIRECTION_COLOURS.values()))
    # "Weet niet": hatched grey, so grey and the hatch colour both appear in the tile.
    box = tiles["Wonen"]
    strip = {image.getpixel((x, box.bottom - 4)) for x in range(box.left + 2, box.right - 2)}
    assert any(close(p, GREY) for p in strip) and any(close(p, HATCH, 30) for p in strip)
    # No answer: white inside, a dashed outline.
    box = tiles["Buitenland"]
    assert close(near_corner("Buitenland", 10), WHITE)
    top_edge = [image.getpixel((x, box.top)) for x in range(box.left, box.right)]
    assert any(close(p, WHITE, 20) for p in top_edge) and not all(close(p, WHITE) for p in top_edge)


def test_even_a_large_bank_stays_small() -> None:
    many = tuple(
        cell(f"Thema nummer {i} met een naam van flinke lengte", state, direction, level)
        for i, (state, direction, level) in enumerate(
            [("judged", d, lv) for d in DIRECTION_COLOURS for lv in (0, 1, 2)]
            + [("unknown", "", -1), ("none", "", -1), ("split", "", -1)]
        )
    )
    png = render_impact_png(picture(many, groups=2))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) < 60 * 1024, len(png)
