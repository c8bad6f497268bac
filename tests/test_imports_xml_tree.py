"""The TCX and GPX readers' parse (xml_safety.XmlReader) is defusedxml's, streamed.

It hands expat's element events to ElementTree's C TreeBuilder through a thin
layer that keeps only what a reader asks for (issues 14 and 25): these tests
hold the elements it hands over to those of defusedxml's own parse, and its
failures to defusedxml's, which come from defusedxml's handlers on the same
parser.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import ClassVar
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from fuzzing import mutate

from posecoach.imports import ActivityError
from posecoach.imports.xml_safety import XmlReader, local

ACTIVITIES = Path(__file__).parent / "data" / "activities"
XML_FILES = sorted(
    p.relative_to(ACTIVITIES).as_posix()
    for p in ACTIVITIES.rglob("*")
    if p.suffix in (".gpx", ".tcx")
)
POINTS = {"trkpt", "Trackpoint"}


class Points(XmlReader):
    """Every track point of a GPX or TCX file, as the reader hands it over."""

    KIND = "GPX"
    WHOLE: ClassVar[frozenset[str]] = frozenset({"point"})

    def __init__(self) -> None:
        self.points: list[tuple[object, ...]] = []

    def root(self, name: str) -> str:
        return "element"

    def kind_of(self, parent: str, name: str) -> str:
        return "point" if name in POINTS else "element"

    def closed(self, kind: str, element: Element) -> None:
        if kind == "point":
            self.points.append(shape(element, tail=False))


def shape(element: Element, tail: bool = True) -> tuple[object, ...]:
    """An element and all below it, with tags as defusedxml spells them (its own tail,
    which follows its end, only when `tail`)."""

    def tag(name: str) -> str:
        return "{" + name if "}" in name and not name.startswith("{") else name

    attributes = sorted((tag(k), v) for k, v in element.attrib.items())
    children = tuple(shape(child) for child in element)
    return tag(element.tag), attributes, element.text, element.tail if tail else None, children


def parsed(document: bytes) -> list[tuple[object, ...]] | str:
    reader = Points()
    try:
        reader.read(io.BytesIO(document).read)
    except ActivityError as error:
        return str(error)
    return reader.points


def defused(document: bytes) -> list[tuple[object, ...]] | str:
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        line, column = error.position
        return (
            f"the GPX file is damaged or cut short: its XML breaks at line {line}, column {column}"
        )
    return [shape(e, tail=False) for e in root.iter() if local(e.tag) in POINTS]


@pytest.mark.parametrize("name", XML_FILES)
def test_the_points_are_the_ones_defusedxml_builds(name: str) -> None:
    document = (ACTIVITIES / name).read_bytes().lstrip()
    assert parsed(document) == defused(document)


def test_damaged_documents_break_where_defusedxml_breaks() -> None:
    chance = random.Random(14)
    seeds = [(ACTIVITIES / n).read_bytes().lstrip() for n in XML_FILES]
    for _ in range(60):
        document = mutate(chance.choice(seeds), chance.choice(seeds), chance)
        try:
            expected = defused(document)
        except (ValueError, LookupError):  # an encoding Python does not know, say
            expected = "not a readable"
        ours = parsed(document)
        if isinstance(ours, str) and "nests its elements" in ours:
            continue  # a mutation that nests deeper than any activity file: refused first
        assert ours == expected or (expected == "not a readable" and expected in str(ours))


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY e SYSTEM "file:///etc/passwd">]><gpx>&e;</gpx>'
)
UNPARSED = (
    '<?xml version="1.0"?><!DOCTYPE gpx [<!NOTATION n SYSTEM "x">'
    '<!ENTITY u SYSTEM "x" NDATA n>]><gpx/>'
)


@pytest.mark.parametrize("document", [BOMB, EXTERNAL, UNPARSED], ids=["bomb", "external", "ndata"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entities_are_refused_by_the_parser_itself(document: str, encoding: str) -> None:
    # defusedxml's handlers on the parser refuse them, whatever the encoding.
    data = document.replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    assert parsed(data.encode(encoding)) == (
        "the GPX file declares a DTD or entities, which posecoach refuses"
    )


def test_an_undefined_entity_breaks_the_document() -> None:
    assert "XML breaks at line 1" in str(parsed(b"<gpx>&nbsp;</gpx>"))
