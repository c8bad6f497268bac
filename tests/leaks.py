"""The leak harness: English left in output meant for another language.

`leaks(text, english)` reports every piece of English text of three words or more
(a catalogue msgid, cut at its placeholders) that appears in `text`. The English
it looks for is the catalogue's msgids and, once the curriculum speaks Polish, the
curriculum's own texts (see CURRICULUM_TEXTS_PENDING).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import read_po

from posecoach import loaders
from posecoach.sources import bibliography

POT = Path(__file__).resolve().parents[1] / "posecoach" / "locale" / "posecoach.pot"
# Cut at placeholders and between sentences: a sentence of a message left in English
# is found on its own.
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|(?<=[.;:!?])\s+")
WORDS = 3

# The one exception, until the per-language curriculum (drill names, cues, phases,
# evidence notes) lands: while True, the curriculum's English is not looked for.
# Set it to False then, and the same tests hold the curriculum to Polish too.
CURRICULUM_TEXTS_PENDING = False


def pieces(message: str) -> list[str]:
    """The message's literal runs of three words or more, between its placeholders
    and sentences; not a command line a message quotes ("posecoach squad plan", "pip
    install ...") nor a list of JSON keys: those stay as they are, in every language."""
    found = []
    for run in PLACEHOLDER.split(message):
        run = run.strip(" ,.;:()*`")
        typed = run.startswith(("posecoach ", "pip install "))
        # a list of JSON keys, some with their own keys in brackets: data
        keys = re.fullmatch(r"[a-z_]+(?:(?:\)*, | \()[a-z_]+)+", run)
        if len(run.split()) >= WORDS and not typed and not keys:
            found.append(run)
    return found


def catalogue_english() -> set[str]:
    with POT.open("rb") as data:
        catalog = read_po(data)
    english: set[str] = set()
    for message in catalog:
        if not message.id or message.context is not None:  # date patterns are not words
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            english.update(pieces(str(text)))
    return english


def _texts(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def curriculum_texts(name: str = "pose-transition") -> list[str]:
    """The curriculum's and the evidence notes' texts of three words or more (the
    works' titles stay as published, so references are not among them)."""
    course = loaders.load_curriculum(name).model_dump(mode="json")
    notes = [n.model_dump(mode="json") for n in bibliography().notes]
    found = {" ".join(text.split()) for text in _texts([course, notes])}
    return sorted((text for text in found if len(text.split()) >= WORDS), key=len, reverse=True)


def curriculum_english(name: str = "pose-transition") -> set[str]:
    found: set[str] = set()
    for text in curriculum_texts(name):
        found.update(pieces(text))
    return found


def english(curriculum: str = "pose-transition") -> set[str]:
    """All the English the harness looks for."""
    known = catalogue_english()
    if not CURRICULUM_TEXTS_PENDING:
        known |= curriculum_english(curriculum)
    return known


def readable(text: str, kind: str) -> str:
    """What a person reads of an output: HTML without tags and entities, a calendar
    unfolded and unescaped."""
    if kind == "html":
        text = re.sub(r"<style.*?</style>|<[^>]+>", " ", text, flags=re.S)
        text = html.unescape(text)
    elif kind == "ics":
        text = re.sub(r"\r?\n[ \t]", "", text)
        text = text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        text = text.replace("\\\\", "\\")
    return " ".join(text.split())


def leaks(text: str, known: set[str], kind: str = "text") -> list[str]:
    """Every piece of `known` English that appears in `text`, longest first (while the
    curriculum is excepted, not within its own texts: "on top of the foot" in a note)."""
    shown = readable(text, kind)
    if CURRICULUM_TEXTS_PENDING:
        for passage in curriculum_texts():
            shown = shown.replace(passage, " ")
    return sorted((piece for piece in known if piece in shown), key=lambda p: (-len(p), p))
