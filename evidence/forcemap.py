"""The 43 territorial forces and British Transport Police as a tile map: one square each,
placed roughly where the force is.

The grid is data: a force's slug, its column (west to east) and row (north to south), and
the short label printed on its square. British Transport Police polices the railways across
Great Britain rather than an area, so it has a square apart, with a note.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.html import escape

from evidence.charts import MUTED, RULE, TEXT, count_phrase, element, svg, text
from interventions.models import Region

# slug: (column, row, label lines). The legend sits in the empty top-left corner.
GRID = {
    "northumbria": (3, 0, ("Northumbria",)),
    "cumbria": (2, 1, ("Cumbria",)),
    "durham": (3, 1, ("Durham",)),
    "cleveland": (4, 1, ("Cleveland",)),
    "lancashire": (2, 2, ("Lancashire",)),
    "north-yorkshire": (3, 2, ("North", "Yorkshire")),
    "humberside": (4, 2, ("Humberside",)),
    "merseyside": (1, 3, ("Merseyside",)),
    "greater-manchester": (2, 3, ("Greater", "Manchester")),
    "west-yorkshire": (3, 3, ("West", "Yorkshire")),
    "south-yorkshire": (4, 3, ("South", "Yorkshire")),
    "north-wales": (0, 4, ("North", "Wales")),
    "cheshire": (1, 4, ("Cheshire",)),
    "staffordshire": (2, 4, ("Staffs",)),
    "derbyshire": (3, 4, ("Derbyshire",)),
    "nottinghamshire": (4, 4, ("Notts",)),
    "lincolnshire": (5, 4, ("Lincs",)),
    "dyfed-powys": (0, 5, ("Dyfed-", "Powys")),
    "west-mercia": (1, 5, ("West", "Mercia")),
    "west-midlands": (2, 5, ("West", "Midlands")),
    "warwickshire": (3, 5, ("Warwicks",)),
    "leicestershire": (4, 5, ("Leics",)),
    "cambridgeshire": (5, 5, ("Cambs",)),
    "norfolk": (6, 5, ("Norfolk",)),
    "south-wales": (0, 6, ("South", "Wales")),
    "gwent": (1, 6, ("Gwent",)),
    "gloucestershire": (2, 6, ("Glos",)),
    "thames-valley": (3, 6, ("Thames", "Valley")),
    "northamptonshire": (4, 6, ("Northants",)),
    "bedfordshire": (5, 6, ("Beds",)),
    "suffolk": (6, 6, ("Suffolk",)),
    "avon-and-somerset": (1, 7, ("Avon and", "Somerset")),
    "wiltshire": (2, 7, ("Wiltshire",)),
    "hampshire": (3, 7, ("Hampshire", "and IoW")),
    "hertfordshire": (4, 7, ("Herts",)),
    "essex": (5, 7, ("Essex",)),
    "devon-and-cornwall": (1, 8, ("Devon and", "Cornwall")),
    "dorset": (2, 8, ("Dorset",)),
    "surrey": (3, 8, ("Surrey",)),
    "metropolitan": (4, 8, ("Met", "Police")),
    "city-of-london": (5, 8, ("City of", "London")),
    "kent": (6, 8, ("Kent",)),
    "sussex": (3, 9, ("Sussex",)),
    "british-transport-police": (6, 0, ("British", "Transport")),
}
APART = "british-transport-police"
APART_NOTE = ("Railways across", "Great Britain")

TILE, GAP = 66, 5
PITCH = TILE + GAP
COLUMNS = 1 + max(column for column, _, _ in GRID.values())
ROWS = 1 + max(row for _, row, _ in GRID.values())


@dataclass(frozen=True)
class Shade:
    least: int
    label: str
    fill: str
    ink: str


# Published entries per force, from none to many. Each step is also printed as a number.
SHADES = [
    Shade(0, "None", "#f3f4f6", TEXT),
    Shade(1, "1", "#c6dbef", TEXT),
    Shade(2, "2 or 3", "#6a9fd0", TEXT),
    Shade(4, "4 or more", "#12355b", "#ffffff"),
]


def shade_for(count):
    return [shade for shade in SHADES if count >= shade.least][-1]


def entries_phrase(count):
    return count_phrase(count, "published entry", "published entries")


def printed_label(lines):
    """The label as one line of text: "North Yorkshire", "Dyfed-Powys"."""
    return "".join(line if line.endswith("-") else f"{line} " for line in lines).strip()


class Square(NamedTuple):
    """What a force's square shows."""

    slug: str
    name: str
    entry_count: int
    url: str


def tile(force, column, row, lines):
    """The square of ``force``, a Square."""
    count = force.entry_count
    shade = shade_for(count)
    x, y = column * PITCH, row * PITCH
    name = f"{force.name}: {entries_phrase(count)}"
    # The link's name starts with what the square shows, so someone who speaks the
    # visible words to follow a link can (WCAG 2.5.3, Label in Name).
    accessible_name = f"{printed_label(lines)} {count}: {force.name}, {entries_phrase(count)}"
    font_size = 10.5 if len(lines) < 3 else 9.5
    labels = [
        text(
            x + TILE / 2,
            y + 15 + 12 * number,
            line,
            text_anchor="middle",
            fill=shade.ink,
            font_size=font_size,
        )
        for number, line in enumerate(lines)
    ]
    outline = (
        {"stroke": MUTED, "stroke_width": 1.5, "stroke_dasharray": "4 3"}
        if (force.slug == APART)
        else {"stroke": RULE if count == 0 else "none"}
    )
    return element(
        "a",
        element("title", escape(name)),
        element(
            "rect", x=x, y=y, width=TILE, height=TILE, fill=shade.fill, class_="tile", **outline
        ),
        *labels,
        text(
            x + TILE / 2,
            y + TILE - 9,
            str(count),
            text_anchor="middle",
            fill=shade.ink,
            font_size=18,
            font_weight="bold",
        ),
        href=force.url,
        aria_label=accessible_name,
        class_="force-tile",
    )


def legend(x, y):
    parts = [text(x, y + 12, "Published entries", font_weight="bold")]
    for number, shade in enumerate(SHADES):
        row_y = y + 22 + number * 24
        parts.append(
            element(
                "rect",
                x=x,
                y=row_y,
                width=18,
                height=18,
                fill=shade.fill,
                stroke=MUTED,
                stroke_width=1,
            )
        )
        parts.append(text(x + 26, row_y + 14, shade.label))
    return element("g", *parts, class_="map-legend")


def tile_map(forces, chart_id="force-map"):
    """The map for ``forces``, each annotated with ``entry_count`` (published entries only)."""
    squares = tuple(
        Square(force.slug, force.name, force.entry_count, force.get_absolute_url())
        for force in forces
        if force.slug in GRID
    )
    placed = [(square, *GRID[square.slug]) for square in squares]
    body = [legend(0, 0)]
    body += [tile(force, column, row, lines) for force, column, row, lines in placed]
    if any(force.slug == APART for force, *_ in placed):
        column, row, _ = GRID[APART]
        for number, line in enumerate(APART_NOTE):
            body.append(
                text(
                    column * PITCH + TILE,
                    row * PITCH + TILE + 16 + 14 * number,
                    line,
                    text_anchor="end",
                    fill=MUTED,
                    font_size=11,
                )
            )
    width, height = COLUMNS * PITCH - GAP, ROWS * PITCH - GAP
    title = "Published entries by police force"
    description = (
        f"The {len(placed)} police forces: the 43 territorial forces of England and Wales, "
        "and British Transport Police; each a square placed roughly "
        "where the force is; the darker the square, the more published entries, and each "
        "square shows its number. British Transport Police, which polices the railways across "
        "Great Britain, has a square apart at the top right. Each square links to the force's "
        "page. The same numbers are listed by region beside the map."
    )
    return svg(chart_id, title, description, width, height, body, "chart force-map", role="group")


def forces_by_region(forces, region_counts):
    """Regions in their usual order, each with its forces and its own count of entries.

    ``region_counts`` maps a region to its number of distinct published entries, so an
    entry led by two of its forces counts once.
    """
    return [
        {
            "value": value,
            "label": label,
            "entry_count": region_counts.get(value, 0),
            "forces": [force for force in forces if force.region == value],
        }
        for value, label in Region.choices
    ]
