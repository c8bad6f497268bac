"""Per-language texts in a curriculum and the rules (posecoach.texts, loaders).

A file declares its languages; every text a runner reads is a plain string (the
first language) or a mapping {en: ..., pl: ...}; a text missing a declared
language is refused with its file, line and key, every one at once, and
`posecoach validate` exits 2. Loading resolves each text to one language.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.cli import app
from posecoach.errors import InputError
from posecoach.model import Curriculum
from posecoach.model.values import LANGUAGES

DATA = Path(__file__).parent / "data"
PathT = tuple[str | int, ...]

# The curriculum keys whose values a runner reads, said here apart from the model.
TEXT_KEYS = {
    "name", "summary", "audience", "purpose", "setup", "progression", "regression",
    "title", "focus", "note",
}  # fmt: skip
TEXT_LISTS = {"cues", "faults", "equipment"}


def _mini() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "mini-curriculum.yaml").read_text())
    return data


def _text_paths(value: Any, path: PathT = ()) -> Iterator[PathT]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_KEYS and isinstance(item, str):
                yield (*path, key)
            elif key in TEXT_LISTS and isinstance(item, list):
                yield from ((*path, key, index) for index in range(len(item)))
            else:
                yield from _text_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_paths(item, (*path, index))


def _get(data: Any, path: PathT) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: PathT, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _polish(text: str) -> str:
    return f"po polsku: {text}"


def _bilingual() -> tuple[dict[str, Any], list[PathT]]:
    """The mini curriculum with every text in English and Polish."""
    data = _mini()
    paths = list(_text_paths(data))
    for path in paths:
        english = _get(data, path)
        _set(data, path, {"en": english, "pl": _polish(english)})
    return {"languages": ["en", "pl"], **data}, paths


def _line_of(text: str, path: PathT) -> int:
    """The line of `path` in YAML `text`, read with PyYAML's own nodes: a mapping
    key's line, or a list item's."""
    node: Any = yaml.compose(text)
    line = 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if k.value == part)
            line = key.start_mark.line + 1
        else:
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _problems(text: str, name: str = "course.yaml", language: str = "en") -> list[str]:
    with pytest.raises(InputError) as caught:
        loaders.load_curriculum(name, text.encode(), language)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- the rule


@examples(quick=25, soak=300)
@given(data=st.data())
def test_a_text_missing_a_declared_language_is_refused_by_file_line_and_key(
    data: st.DataObject,
) -> None:
    """Drop Polish from some texts (as a plain string, or a mapping with English
    only): exactly those are named, each at its line; with none dropped it loads."""
    complete, paths = _bilingual()
    dropped = data.draw(st.sets(st.sampled_from(paths), max_size=6), label="dropped")
    plain = data.draw(st.lists(st.booleans(), min_size=6, max_size=6), label="plain")
    course = copy.deepcopy(complete)
    for path, as_plain in zip(sorted(dropped, key=str), plain, strict=False):
        english = _get(complete, path)["en"]
        _set(course, path, english if as_plain else {"en": english})
    text = _dump(course)
    if not dropped:
        english = loaders.load_curriculum("course.yaml", text.encode(), "en")
        polish = loaders.load_curriculum("course.yaml", text.encode(), "pl")
        assert english == loaders.load_curriculum(str(DATA / "mini-curriculum.yaml")).model_copy(
            update={"languages": ["en", "pl"]}
        )
        assert polish.drills[0].name == _polish(english.drills[0].name)
        return
    expected = sorted((_line_of(text, path), ".".join(map(str, path))) for path in dropped)
    found = _problems(text)
    assert len(found) == len(dropped), found
    for problem, (line, location) in zip(found, expected, strict=True):
        assert problem.startswith(f"course.yaml:{line}: {location}: no Polish (pl) text"), problem
        assert "\n  hint: " in problem


def test_posecoach_validate_names_every_missing_text_and_exits_2(tmp_path: Path) -> None:
    course, _ = _bilingual()
    course["drills"][1]["cues"][1] = course["drills"][1]["cues"][1]["en"]
    del course["phases"][0]["focus"]["pl"]
    path = tmp_path / "course.yaml"
    path.write_text(_dump(course), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    text = path.read_text()
    cue, focus = ("drills", 1, "cues", 1), ("phases", 0, "focus")
    assert result.stderr.splitlines() == [
        f"{path}: checked as a curriculum",
        f"{path}:{_line_of(text, cue)}: drills.1.cues.1: no Polish (pl) text: the file"
        " declares languages [en, pl]",
        "  hint: give the text in each language: {en: ..., pl: ...} (a plain string is"
        " English (en))",
        f"{path}:{_line_of(text, focus)}: phases.0.focus: no Polish (pl) text: the file"
        " declares languages [en, pl]",
        "  hint: add pl: ... beside the other languages",
        "2 problems in 1 file.",
    ]
    assert "Traceback" not in result.output


def test_a_complete_bilingual_curriculum_validates(tmp_path: Path) -> None:
    path = tmp_path / "course.yaml"
    path.write_text(_dump(_bilingual()[0]), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    # the terminal may fold a long path anywhere: compare without the folds
    assert (result.exit_code, "".join(result.stdout.split())) == (0, f"ok:{path}(curriculum)")


# --------------------------------------------------------------------------- codes


def test_unknown_language_codes_are_refused() -> None:
    course, _ = _bilingual()
    course["languages"] = ["en", "pl", "plk"]
    course["drills"][0]["name"] = {"en": "Pose stance hold", "pl": "Pozycja Pose", "de": "Pose"}
    text = _dump(course)
    found = _problems(text)
    assert found == [
        f"course.yaml:{_line_of(text, ('languages', 2))}: languages.2: 'plk' is not one of"
        " 'en' or 'pl'\n  hint: did you mean 'pl'?",
        f"course.yaml:{_line_of(text, ('drills', 0, 'name', 'de'))}: drills.0.name.de:"
        " 'de' is not a language posecoach speaks (en, pl)",
    ]


def test_a_language_used_but_not_declared_is_named() -> None:
    course = _mini()
    course["drills"][0]["name"] = {"en": "Pose stance hold", "pl": "Pozycja Pose"}
    text = _dump(course)
    assert _problems(text) == [
        f"course.yaml:{_line_of(text, ('drills', 0, 'name', 'pl'))}: drills.0.name.pl:"
        " Polish (pl) is not among the file's languages (en)\n"
        "  hint: declare it at the top: languages: [en, pl]"
    ]


def test_a_language_declared_twice_and_an_empty_text() -> None:
    course, _ = _bilingual()
    course["languages"] = ["en", "pl", "en"]
    course["drills"][0]["purpose"]["pl"] = "  "
    text = _dump(course)
    assert _problems(text, language="pl") == [
        f"course.yaml:{_line_of(text, ('languages',))}: languages: en is declared more than once",
        f"course.yaml:{_line_of(text, ('drills', 0, 'purpose', 'pl'))}: drills.0.purpose.pl:"
        " the Polish (pl) text is empty",
    ]


def test_the_schema_declares_languages_and_texts_per_language() -> None:
    schema = Curriculum.model_json_schema()
    assert schema["properties"]["languages"]["items"]["enum"] == list(LANGUAGES)
    name = schema["$defs"]["Drill"]["properties"]["name"]["anyOf"]
    assert name[0]["type"] == "string"
    assert set(name[1]["properties"]) == set(LANGUAGES)
    assert name[1]["additionalProperties"] is False


# --------------------------------------------------------------------------- loading


def test_a_language_the_file_lacks_falls_back_to_its_first() -> None:
    english_only = loaders.load_curriculum(str(DATA / "mini-curriculum.yaml"), language="pl")
    assert english_only.drills[0].name == "Pose stance hold"
    course = {"languages": ["pl"], **_mini()}
    course["drills"][0]["name"] = "Pozycja Pose"  # plain: the first language, Polish
    polish_only = loaders.load_curriculum("c.yaml", _dump(course).encode(), "en")
    assert polish_only.drills[0].name == "Pozycja Pose"


def test_rule_overrides_replace_the_explanation_in_every_language(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("deload:\n  summary: Every third week is lighter.\n  volume_factor: 0.5\n")
    for language in LANGUAGES:
        rules = loaders.load_rules(path, language=language)
        assert rules.deload.summary == "Every third week is lighter."
        assert rules.deload.volume_factor == 0.5
    polish = loaders.load_rules(path, language="pl")
    assert polish.pain.summary == loaders.load_rules(language="pl").pain.summary
    assert polish.pain.summary != loaders.load_rules().pain.summary


def test_a_bilingual_rule_override_missing_polish_is_named_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "languages: [en, pl]\ndeload:\n  summary:\n    en: Lighter weeks.\n  volume_factor: 2\n"
    )
    with pytest.raises(InputError) as caught:
        loaders.load_rules(path, language="pl")
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: deload.summary: no Polish (pl) text: the file declares languages [en, pl]"
        "\n  hint: add pl: ... beside the other languages",
        f"{path}:5: deload.volume_factor: 2 must be less than 1\n  hint: from 0 to 1",
    ]


def test_the_catalogue_and_the_content_speak_the_same_languages() -> None:
    """posecoach.i18n (the catalogues) and the content's languages stay in step."""
    i18n = pytest.importorskip("posecoach.i18n")
    assert tuple(i18n.SUPPORTED) == LANGUAGES
