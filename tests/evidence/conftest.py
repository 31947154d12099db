import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(markup):
    """The chart as an element tree; fails the test if it is not well-formed XML."""
    return ET.fromstring(str(markup))


def text_alternative(root):
    """The chart's accessible name and description, found through aria-labelledby."""
    ids = root.get("aria-labelledby").split()
    found = {element.get("id"): "".join(element.itertext()) for element in root.iter()}
    return [found[name] for name in ids]


def svg_texts(root):
    """Every piece of text drawn in the chart, in order."""
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
