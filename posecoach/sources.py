"""The bibliography: every source the curricula and rules cite, and the plan's
honest notes on the evidence, read from the shipped curricula/sources.yaml.

Curricula and rules cite sources by id ("S55"); outputs never show the id but
its citation ("Heiderscheit et al. 2011"), and list the full references they
cite at the end. `posecoach sources` shows them all.
"""

# ruff: noqa: RUF012
# Pydantic copies a field's `= []` default per instance; ruff cannot see that the
# base classes in values.py are pydantic models, so it takes them for class attributes.

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

import yaml
from pydantic import Field

from posecoach.i18n import N_, _, pgettext, use
from posecoach.model.values import InLanguages, Input, Published, Slug, Text, Words

SourceId = Annotated[str, Field(pattern=r"^S\d+b?$")]
_INITIALS = re.compile(r"^[A-Z]{1,3}$")


class Reference(Input):
    """One source, as a reader would look it up."""

    id: SourceId
    authors: Text = Field(description=N_("people, or the site or organisation if none is named"))
    year: int | Literal["n.d."] = Field(description=N_('"n.d." when the source carries no date'))
    title: Published = Field(
        description=N_("in [brackets] when the source has no title of its own")
    )
    venue: Text = Field(description=N_("journal, publisher, site or blog"))
    url: Text
    doi: str | None = None
    cite_as: str | None = Field(default=None, description=N_("the name to cite, if not the rule's"))


class Note(Input):
    """What a runner should know, in our words, with its sources."""

    id: Slug
    title: Words
    text: Words
    short: Words = Field(description=N_("one or two lines, for the terminal"))
    sources: list[SourceId] = Field(min_length=1)


class SourcesFile(InLanguages):
    references: list[Reference] = Field(min_length=1)
    notes: list[Note] = []


def _name(reference: Reference) -> str:
    """'Heiderscheit et al.', 'Fletcher et al.', 'Mulligan and Cook', 'Pose Tech'."""
    if reference.cite_as:
        return reference.cite_as
    text = reference.authors
    many = text.endswith("et al.")
    parts = [p.strip() for p in text.removesuffix("et al.").split(",") if p.strip()]
    names = []
    for part in parts:
        words = part.split()
        while len(words) > 1 and _INITIALS.match(words[-1]):
            words.pop()
        names.append(" ".join(words))
    if many or len(names) > 2:
        return f"{names[0]} {pgettext('citation', 'et al.')}"
    return pgettext("citation", " and ").join(names)


def year(reference: Reference) -> str:
    """The year as a citation says it ('n.d.' in English, 'b.d.' in Polish)."""
    return pgettext("citation", "n.d.") if reference.year == "n.d." else str(reference.year)


def authors(reference: Reference) -> str:
    """The authors as listed, with 'et al.' in the language in force ('i in.')."""
    if not reference.authors.endswith("et al."):
        return reference.authors
    return reference.authors.removesuffix("et al.") + pgettext("citation", "et al.")


def _citations(references: Iterable[Reference]) -> dict[str, str]:
    """'Name Year' for each id, with a, b, ... where two sources would read alike."""
    plain = {r.id: f"{_name(r)} {year(r)}" for r in references}
    alike: dict[str, list[str]] = {}
    for source, text in plain.items():
        alike.setdefault(text, []).append(source)
    cites = dict(plain)
    for text, ids in alike.items():
        if len(ids) > 1:
            joiner = "" if text[-1:].isdigit() else "-"  # '2019a', but 'n.d.-a' ('b.d.-a')
            for number, source in enumerate(sorted(ids, key=_order)):
                cites[source] = f"{text}{joiner}{chr(ord('a') + number)}"
    return cites


def _order(source: str) -> tuple[int, str]:
    """S2 before S10, S28 before S28b."""
    return int(re.sub(r"\D", "", source)), source


class Bibliography(NamedTuple):
    references: dict[str, Reference]  # by id, in the file's order
    notes: list[Note]
    citations: dict[str, str]  # id -> 'Name Year'

    def cite(self, source: str) -> str:
        """'Heiderscheit et al. 2011' (an id the bibliography lacks says so)."""
        found = self.citations.get(source)
        if found is None:
            return _("source %(id)s (not in posecoach's bibliography)") % {"id": source}
        return found

    def cite_all(self, sources: Iterable[str]) -> str:
        """'Heiderscheit et al. 2011; Lenhart et al. 2014', each once, in the given order."""
        return "; ".join(dict.fromkeys(self.cite(s) for s in sources))

    def labelled(self, sources: Iterable[str]) -> str:
        """'Heiderscheit et al. 2011 [S55]; ...': the id is what `sources ID` looks up."""
        return "; ".join(f"{self.cite(s)} [{s}]" for s in dict.fromkeys(sources))

    def cited(self, sources: Iterable[str]) -> list[Reference]:
        """The references among `sources`, each once, in order of citation (name, year)."""
        known = {s for s in sources if s in self.references}
        return sorted(
            (self.references[s] for s in known), key=lambda r: self.citations[r.id].casefold()
        )

    def entry(self, reference: Reference) -> str:
        """The full reference in one line, 'Authors (Year). Title. Venue. DOI or address',
        with the year as its citation spells it ('n.d.-a'), so each citation finds it."""
        where = f"https://doi.org/{reference.doi}" if reference.doi else reference.url
        when = self.cite(reference.id).removeprefix(_name(reference)).strip()
        title = reference.title.rstrip(".")
        end = "" if title.endswith(("?", "!")) else "."
        return f"{authors(reference)} ({when}). {title}{end} {reference.venue}. {where}"

    def used(self) -> set[str]:
        """The ids the notes cite."""
        return {s for note in self.notes for s in note.sources}


def read_bibliography(path: Path | None = None, language: str = "en") -> Bibliography:
    """Read and check a sources file (default: the shipped one), every problem at once;
    its notes in `language` (the titles of works stay as published)."""
    from posecoach import loaders, resources, texts
    from posecoach.errors import InputError, Problem

    file = path if path is not None else resources.curricula_dir() / resources.SOURCES_FILE
    try:  # quick: no line marks (every plan reads this file)
        raw = loaders.yaml_data(file.read_text(encoding="utf-8"))
        resolved, found = texts.resolve(raw, SourcesFile, language)
        data = None if found else SourcesFile.model_validate(resolved)
    except (OSError, ValueError, yaml.YAMLError):
        data = None
    document = loaders.read_document(file) if data is None else None
    if document is not None:  # again, slowly, for every problem with its line
        data = loaders.validate(document, SourcesFile, language)
    assert data is not None
    seen: set[str] = set()
    twice = []
    for index, reference in enumerate(data.references):
        if reference.id in seen:
            document = document or loaders.read_document(file)
            line = document.line_of(("references", index, "id"))
            twice.append(
                Problem(document.source, line, f"references.{index}.id", _("listed twice"))
            )
        seen.add(reference.id)
    if twice:
        raise InputError(twice)
    references = {r.id: r for r in data.references}
    with use(language):  # the citations' own words ('et al.', 'n.d.') in `language`
        citations = _citations(data.references)
    return Bibliography(references, data.notes, citations)


@cache
def bibliography(language: str = "en") -> Bibliography:
    """The shipped bibliography, read once per language."""
    return read_bibliography(language=language)
