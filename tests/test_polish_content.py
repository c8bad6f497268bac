"""The shipped content in Polish: every file declares English and Polish and is
complete, no English is left in the Polish, and a plan built from the English
curriculum (plan.yaml's data, the same in every language) reads in Polish exactly
as a plan built from the Polish texts would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from posecoach import i18n, loaders, resources
from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.model import CheckIn, Curriculum, Plan
from posecoach.plan_words import in_language, weeks_said
from posecoach.sources import read_bibliography

START = date(2027, 1, 4)
GOLDEN = Path(__file__).parent / "golden"
CONTENT = sorted(
    path for path in resources.curricula_dir().glob("*.yaml")
    if path.name != resources.DEFAULT_PROFILE_FILE
)  # fmt: skip
CURRICULA = tuple(resources.builtin_curricula())

# Texts that are the same word in both languages may be the same in both; there are
# none today (even "Pose" stands in longer texts that differ). Add such a text here.
SAME_IN_BOTH: frozenset[str] = frozenset()
# English words no Polish sentence holds: one of them in a Polish text is a leak.
ENGLISH = re.compile(r"\b(the|and|your|you|with|for|from|into|then|until)\b", re.IGNORECASE)


def _pairs(value: Any) -> Iterator[tuple[str, str]]:
    """Every (English, Polish) text in a file's raw data."""
    if isinstance(value, dict):
        if set(value) == {"en", "pl"}:
            yield value["en"], value["pl"]
            return
        for item in value.values():
            yield from _pairs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _pairs(item)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("path", CONTENT, ids=[p.stem for p in CONTENT])
def test_every_shipped_file_declares_english_and_polish(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["languages"] == ["en", "pl"]
    assert len(list(_pairs(data))) > 0


def test_posecoach_validate_finds_the_shipped_curricula_and_rules_complete() -> None:
    files = [str(p) for p in CONTENT if p.name != resources.SOURCES_FILE]
    result = CliRunner().invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert " ".join(result.stdout.split()).count("ok: ") == len(files)


def test_the_sources_notes_are_complete_in_both_languages() -> None:
    english, polish = read_bibliography(), read_bibliography(language="pl")
    assert [n.id for n in english.notes] == [n.id for n in polish.notes]
    for one, other in zip(english.notes, polish.notes, strict=True):
        assert (one.title, one.text, one.short) != (other.title, other.text, other.short)
    # Titles of works stay as published; our own [descriptions] of untitled pages are Polish.
    for key, reference in english.references.items():
        polish_one = polish.references[key]
        assert reference.model_copy(update={"title": polish_one.title}) == polish_one
        assert (reference.title == polish_one.title) != reference.title.startswith("[")


@pytest.mark.parametrize("path", CONTENT, ids=[p.stem for p in CONTENT])
def test_no_english_is_left_in_the_polish(path: Path) -> None:
    pairs = list(_pairs(yaml.safe_load(path.read_text(encoding="utf-8"))))
    same = [en for en, pl in pairs if en == pl and en not in SAME_IN_BOTH]
    assert same == []
    leaks = [pl for _, pl in pairs if ENGLISH.search(pl)]
    assert leaks == []


@pytest.mark.parametrize("name", CURRICULA)
def test_a_curriculum_loaded_in_polish_holds_no_english_text(name: str) -> None:
    path = resources.builtin_curricula()[name]
    english = {en for en, _ in _pairs(yaml.safe_load(path.read_text(encoding="utf-8")))}
    polish = loaders.load_curriculum(name, language="pl")
    assert set(_strings(polish.model_dump())) & (english - SAME_IN_BOTH) == set()
    rules = loaders.load_rules(language="pl")
    assert {rule.summary for rule in rules.each.values()} & english == set()


# --------------------------------------------------------------------------- the plan


def _checkins(case: str) -> list[CheckIn]:
    path = GOLDEN / case / "checkins.jsonl"
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [CheckIn.model_validate(json.loads(line)) for line in lines if line.strip()]


CASES = {
    # case: (curriculum, profile file, weeks)
    "default": ("pose-transition", None, None),
    "achilles-current-12w": ("pose-transition", "profile.yaml", None),
    "adapted-12w": ("pose-transition", "profile.yaml", None),
    "two-days-16w": ("pose-transition", "profile.yaml", 16),
    "marathoner-race-12w": ("pose-transition", "profile.yaml", None),
    "foundations": ("pose-foundations", None, 5),
}


def _plans(case: str) -> tuple[Plan, Plan, Curriculum, Curriculum]:
    name, profile_file, weeks = CASES[case]
    profile = loaders.load_profile(GOLDEN / case / profile_file if profile_file else None)
    rules = loaders.load_rules()
    english = loaders.load_curriculum(name)
    polish = loaders.load_curriculum(name, language="pl")
    checkins = _checkins(case)
    built = (build_plan(c, profile, rules, START, weeks, checkins) for c in (english, polish))
    return next(built), next(built), english, polish


@pytest.mark.parametrize("case", CASES)
def test_a_plan_built_in_english_reads_in_polish_as_one_built_from_polish(case: str) -> None:
    """The engine never looks at the words: the plan's data is the same from either
    language, and in_language gives the English-built plan the Polish words."""
    from_english, from_polish, english, polish = _plans(case)
    worded = in_language(from_english, english, polish, "pl")
    name = {"curriculum_name": ""}
    assert worded.model_copy(update=name) == from_polish.model_copy(update=name)
    assert worded != from_english
    leaks = {en for en, _ in _pairs(_raw(english.id))} - SAME_IN_BOTH
    for text in _strings(worded.model_dump(mode="json")):
        assert not any(en in text for en in leaks if len(en) > 6), text


def _raw(curriculum_id: str) -> Any:
    path = resources.builtin_curricula()[curriculum_id]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_polish_plan_says_its_own_length() -> None:
    rules, profile = loaders.load_rules(), loaders.load_profile(None)
    for name, weeks, said in [
        ("pose-transition", 8, "Przejście na metodę Pose, 8 tygodni"),
        ("pose-transition", 12, "Przejście na metodę Pose, 12 tygodni"),
        ("pose-foundations", 4, "Podstawy metody Pose, 4 tygodnie"),
        ("pose-foundations", 5, "Podstawy metody Pose, 5 tygodni"),
    ]:
        english = loaders.load_curriculum(name)
        polish = loaders.load_curriculum(name, language="pl")
        plan = build_plan(english, profile, rules, START, weeks)
        assert in_language(plan, english, polish, "pl").curriculum_name == said
    with i18n.use("pl"):  # the catalogue's three Polish forms
        assert [weeks_said(n) for n in (1, 2, 5, 12, 22)] == [
            "1 tydzień", "2 tygodnie", "5 tygodni", "12 tygodni", "22 tygodnie",
        ]  # fmt: skip
    assert [weeks_said(n) for n in (1, 8)] == ["1 week", "8 weeks"]


def test_english_words_stay_as_they_were() -> None:
    """In English, the plan is the plan: in_language changes nothing."""
    from_english, _, english, _ = _plans("adapted-12w")
    again = loaders.load_curriculum("pose-transition", language="en")
    assert in_language(from_english, english, again, "en") == from_english
