"""The TCX and GPX readers' parse (xml_safety.parse_xml) is defusedxml's, built faster.

It hands expat's element events straight to ElementTree's C TreeBuilder instead
of through defusedxml's pure-Python handlers (issue 14): these tests hold it to
the same tree as defusedxml's own parse, and to the same refusals, which come
from defusedxml's handlers on the same parser even without the checks before it.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from fuzzing import mutate

from posecoach.imports import ActivityError
from posecoach.imports.xml_safety import parse_xml

ACTIVITIES = Path(__file__).parent / "data" / "activities"
XML_FILES = sorted(
    p.relative_to(ACTIVITIES).as_posix()
    for p in ACTIVITIES.rglob("*")
    if p.suffix in (".gpx", ".tcx")
)


def shape(element: Element) -> tuple[object, ...]:
    """An element and all below it, with tags as defusedxml spells them."""

    def tag(name: str) -> str:
        return "{" + name if "}" in name and not name.startswith("{") else name

    attributes = sorted((tag(k), v) for k, v in element.attrib.items())
    children = tuple(shape(child) for child in element)
    return tag(element.tag), attributes, element.text, element.tail, children


def parsed(document: bytes) -> tuple[object, ...] | str:
    try:
        return shape(parse_xml(document, "GPX"))
    except ActivityError as error:
        return str(error)


def defused(document: bytes) -> tuple[object, ...] | str:
    try:
        return shape(ElementTree.fromstring(document))
    except ElementTree.ParseError as error:
        line, column = error.position
        return (
            f"the GPX file is damaged or cut short: its XML breaks at line {line}, column {column}"
        )


@pytest.mark.parametrize("name", XML_FILES)
def test_the_tree_is_the_one_defusedxml_builds(name: str) -> None:
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
    # Straight to the parser, past xml_safety.checked_xml (which refuses them first):
    # defusedxml's handlers are still on it.
    data = document.replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    with pytest.raises(ActivityError, match="not a readable GPX file"):
        parse_xml(data.encode(encoding), "GPX")


def test_an_undefined_entity_breaks_the_document() -> None:
    with pytest.raises(ActivityError, match="XML breaks at line 1"):
        parse_xml(b"<gpx>&nbsp;</gpx>", "GPX")
