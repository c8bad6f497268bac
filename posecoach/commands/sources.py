"""`posecoach sources`: the bibliography, or one reference, as data."""

from __future__ import annotations

from typing import Any

from posecoach import i18n
from posecoach.errors import UsageError, did_you_mean
from posecoach.sources import Bibliography, Reference, bibliography

Data = dict[str, Any]


def find(source: str, bib: Bibliography | None = None) -> Reference:
    """The reference with this id ('S55', also 's55'), or an error with a suggestion."""
    bib = bib or bibliography()
    wanted = source.strip()
    wanted = wanted[:1].upper() + wanted[1:]
    if wanted in bib.references:
        return bib.references[wanted]
    hint = did_you_mean(wanted, list(bib.references)) or "`posecoach sources` lists them"
    raise UsageError(f"no source {source!r} in posecoach's bibliography", hint)


def reference_data(reference: Reference, bib: Bibliography | None = None) -> Data:
    bib = bib or bibliography()
    return {
        "id": reference.id,
        "citation": bib.cite(reference.id),
        "authors": reference.authors,
        "year": reference.year,
        "title": reference.title,
        "venue": reference.venue,
        "url": reference.url,
        "doi": reference.doi,
        "reference": bib.entry(reference),
    }


def sources_data(bib: Bibliography | None = None) -> Data:
    """`sources --json`."""
    bib = bib or bibliography()
    return {
        "sources": [reference_data(r, bib) for r in bib.references.values()],
        "notes": [
            {"id": n.id, "title": n.title, "text": n.text, "sources": list(n.sources)}
            for n in bib.notes
        ],
    }


def cited_by(source: str) -> list[str]:
    """What cites `source`: built-in drills (by curriculum), rules and notes."""
    from posecoach import loaders, resources

    found: list[str] = []
    for name in resources.builtin_curricula():
        course = loaders.load_curriculum(name, language=i18n.language())
        drills = [d.name for d in course.drills if source in d.sources]
        if drills:
            found.append(f"{course.id} drills: {', '.join(drills)}")
    rules = loaders.load_rules()
    named = [name for name, rule in rules.each.items() if source in rule.sources]
    if named:
        found.append(f"rules: {', '.join(named)}")
    notes = [n.title for n in bibliography().notes if source in n.sources]
    if notes:
        found.append(f"plan notes: {', '.join(notes)}")
    return found
