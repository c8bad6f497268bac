"""The catalogue: current with the sources, wholly translated, placeholders kept,
Polish plurals right, and shipped compiled in the wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from posecoach import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "posecoach" / "locale"
POT = LOCALE / "posecoach.pot"
PO = {language: LOCALE / language / "LC_MESSAGES" / "posecoach.po" for language in ("pl",)}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _read(path: Path) -> Catalog:
    with path.open("rb") as data:
        return read_po(data)


def _entries(catalog: Catalog) -> dict[tuple[object, object], tuple[object, ...]]:
    """What `pybabel update --check` compares, less the header's dates."""
    return {
        (m.id, m.context): (sorted(m.locations), sorted(m.flags), m.auto_comments)
        for m in catalog
        if m.id
    }


def test_the_template_is_current_with_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pybabel extract` (its settings in pyproject.toml) gives the committed .pot."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-o", str(fresh)])  # type: ignore[no-untyped-call]
    assert _entries(_read(fresh)) == _entries(_read(POT)), (
        "the catalogue is out of date: run `pybabel extract && pybabel update` and translate"
    )


@pytest.mark.parametrize("language", sorted(PO))
def test_each_catalogue_is_current_with_the_template(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pybabel update --check`: updating the .po from the .pot changes nothing."""
    monkeypatch.chdir(ROOT)
    # Raises when a catalogue is out of date.
    check = ["pybabel", "-q", "update", "--check", "-l", language]
    CommandLineInterface().run(check)  # type: ignore[no-untyped-call]


def _strings(message: Message) -> list[str]:
    found = message.string
    return [str(s) for s in found] if isinstance(found, tuple | list) else [str(found or "")]


@pytest.mark.parametrize("language", sorted(PO))
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = _read(PO[language])
    assert not catalog.fuzzy
    untranslated = [m.id for m in catalog if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert catalog.num_plurals == 3  # Polish: one, few, many


@pytest.mark.parametrize("language", sorted(PO))
def test_placeholders_match(language: str) -> None:
    """Babel's own checks (python-format, plural counts), and every %(name)s of the
    English in each translation, nothing more."""
    catalog = _read(PO[language])
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(str(text))}
        for text in _strings(message):
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


def test_polish_plural_forms() -> None:
    with i18n.use("pl"):
        weeks = [
            i18n.ngettext("%(count)s week", "%(count)s weeks", n) % {"count": n}
            for n in (1, 2, 5, 12, 22)
        ]
    assert ", ".join(weeks) == "1 tydzień, 2 tygodnie, 5 tygodni, 12 tygodni, 22 tygodnie"


def test_english_needs_no_catalogue() -> None:
    with i18n.use("en"):
        assert i18n.ngettext("%(count)s week", "%(count)s weeks", 1) == "%(count)s week"
    assert i18n.translations("en").__class__.__name__ == "NullTranslations"


def test_the_wheel_ships_the_compiled_catalogue(tmp_path: Path) -> None:
    """Built by the hatch-babel hook: the .mo inside, its sources left out."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    [wheel] = tmp_path.glob("posecoach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "posecoach/locale/pl/LC_MESSAGES/posecoach.mo" in names
    assert not {n for n in names if n.endswith((".po", ".pot"))}
