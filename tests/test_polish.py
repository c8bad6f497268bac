"""A plan in Polish: `posecoach plan --lang pl`, the profile's `language:`, the
system locale, and the folder remembering the plan's language; Polish dates and
numbers; the same plan data and calendar UIDs in every language; no English left
(tests/leaks.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from leaks import english, leaks
from typer.testing import CliRunner

from posecoach import i18n
from posecoach.cli import app
from posecoach.folder.record import parse_record
from posecoach.render import text

PROFILE = (Path(__file__).resolve().parents[1] / "curricula" / "default-profile.yaml").read_text()


def _plan(runner: CliRunner, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["plan", "--start", "2026-12-14", "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr


def _uids(ics: str) -> list[str]:
    return re.findall(r"^UID:(.*)\r$", ics, flags=re.M)


def test_plan_lang_pl_says_dates_and_numbers_in_polish(runner: CliRunner, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE.replace("weekly_volume: 15", "weekly_volume: 5.25"))
    _plan(runner, tmp_path / "out", "--profile", str(profile), "--lang", "pl")
    md = (tmp_path / "out" / "plan.md").read_text()
    assert "### wtorek, 15 grudnia, 18:30:" in md
    assert "ok. 5,25 km tygodniowo" in md
    assert "| 1 | 14 gru – 20 gru 2026 |" in md
    assert '<html lang="pl">' in (tmp_path / "out" / "plan.html").read_text()


def test_babel_dates_numbers_and_cases() -> None:
    from datetime import date

    day = date(2026, 12, 15)
    with i18n.use("pl"):
        assert text.long_date(day) == "wtorek, 15 grudnia 2026"
        assert text.month_year(day) == "grudzień 2026"  # a heading: the nominative
        assert text.number(5.25) == "5,25"
        assert text.fixed(0.3, 2) == "0,30"
    with i18n.use("en"):
        assert text.long_date(day) == "Tue 15 Dec 2026"
        assert text.number(5.25) == "5.25"


def test_uids_and_plan_data_are_the_same_in_every_language(
    runner: CliRunner, tmp_path: Path
) -> None:
    _plan(runner, tmp_path / "en", "--lang", "en")
    _plan(runner, tmp_path / "pl", "--lang", "pl")
    en, pl = tmp_path / "en", tmp_path / "pl"
    assert (en / "plan.yaml").read_bytes() == (pl / "plan.yaml").read_bytes()
    ics_en, ics_pl = (en / "plan.ics").read_text(), (pl / "plan.ics").read_text()
    assert _uids(ics_en) == _uids(ics_pl)
    assert "SUMMARY;LANGUAGE=pl:" in ics_pl
    assert "DESCRIPTION;LANGUAGE=pl:" in ics_pl
    assert "LANGUAGE=" not in ics_en  # English, the calendar's default, says none


def test_the_folder_remembers_the_plans_language(runner: CliRunner, tmp_path: Path) -> None:
    """Given once, --lang stays: a rebuild, `show` and `today` speak Polish with no flag;
    --lang on a reading command speaks for that command only."""
    out = tmp_path / "out"
    _plan(runner, out, "--lang", "pl")
    record = parse_record((out / ".posecoach-record").read_bytes())
    assert (record.choices.language, record.choices.spoken) == ("pl", "pl")
    result = runner.invoke(app, ["plan", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "## Tydzień 1:" in (out / "plan.md").read_text()
    shown = runner.invoke(app, ["show", "--week", "1", "--dir", str(out)])
    assert "wtorek, 15 grudnia" in shown.stdout, shown.stdout
    english_shown = runner.invoke(app, ["show", "--week", "1", "--dir", str(out), "--lang", "en"])
    assert "Tue 15 Dec" in english_shown.stdout
    assert "## Tydzień 1:" in (out / "plan.md").read_text()  # the plan itself stays Polish


def test_the_profile_and_the_system_choose_when_no_flag_does(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE + "language: pl\n")
    _plan(runner, tmp_path / "profiled", "--profile", str(profile))
    assert "## Tydzień 1:" in (tmp_path / "profiled" / "plan.md").read_text()
    _plan(runner, tmp_path / "flagged", "--profile", str(profile), "--lang", "en")
    assert "## Week 1:" in (tmp_path / "flagged" / "plan.md").read_text()
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    _plan(runner, tmp_path / "system")
    assert "## Tydzień 1:" in (tmp_path / "system" / "plan.md").read_text()
    monkeypatch.setenv("LANG", "C.UTF-8")  # another shell later: the folder keeps Polish
    _plan(runner, tmp_path / "system")
    assert "## Tydzień 1:" in (tmp_path / "system" / "plan.md").read_text()


@pytest.mark.parametrize(
    ("environ", "found"),
    [
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LANGUAGE": "de:pl", "LANG": "de_DE.UTF-8"}, "pl"),
        ({"LANGUAGE": "pl", "LANG": "C"}, None),  # gettext ignores LANGUAGE under C
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "pl_PL.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_system_locale(environ: dict[str, str], found: str | None) -> None:
    assert i18n.from_environment(environ) == found


def test_an_unknown_language_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--out", str(tmp_path / "out"), "--lang", "de"])
    assert result.exit_code == 2
    assert "'de' is not a language posecoach speaks (en, pl)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_command_takes_lang(runner: CliRunner) -> None:
    from typer.main import get_command

    def leaves(command: object) -> list[object]:
        subs = getattr(command, "commands", None)
        return [command] if not subs else [c for s in subs.values() for c in leaves(s)]

    for command in leaves(get_command(app)):
        assert "--lang" in {o for p in command.params for o in getattr(p, "opts", [])}  # type: ignore[attr-defined]


def test_no_english_in_a_polish_plan(runner: CliRunner, tmp_path: Path) -> None:
    """plan.md, plan.html, a week's sheet and plan.ics of `posecoach plan --lang pl`."""
    out = tmp_path / "out"
    _plan(runner, out, "--lang", "pl")
    sheet = runner.invoke(app, ["sheet", "--week", "4", "--dir", str(out)])
    assert sheet.exit_code == 0, sheet.stderr
    [sheet_file] = out.glob("week-*.html")
    known = english()
    found = {
        name: leaks(path.read_text(), known, kind)
        for name, path, kind in [
            ("plan.md", out / "plan.md", "text"),
            ("plan.html", out / "plan.html", "html"),
            ("sheet", sheet_file, "html"),
            ("plan.ics", out / "plan.ics", "ics"),
        ]
    }
    assert found == {name: [] for name in found}


def test_the_harness_finds_english() -> None:
    """A Polish page with one English sentence of ours left in it is caught."""
    page = "<p>Tydzień 1</p><p>Print one week per page. Tick a box</p>"
    assert "Print one week per page" in leaks(page, english(), "html")


_TAGS = ["pl", "pl-PL", "PL", "en", "en-GB", "de", "fr-CA", "*"]


@given(
    st.lists(
        st.tuples(st.sampled_from(_TAGS), st.sampled_from([None, 0.0, 0.1, 0.5, 0.9, 1.0])),
        max_size=6,
    )
)
def test_the_browsers_best_language_by_q_value(asked: list[tuple[str, float | None]]) -> None:
    """Accept-Language: the supported language of the highest q (1 when not given), the
    first listed on a tie, none with q=0; None when none is supported."""
    header = ", ".join(tag if q is None else f"{tag};q={q}" for tag, q in asked)
    wanted = [
        (1.0 if q is None else q, -at, i18n.supported(tag))
        for at, (tag, q) in enumerate(asked)
        if i18n.supported(tag) is not None and (q is None or q > 0)
    ]
    expected = max(wanted)[2] if wanted else None
    assert i18n.from_accept_language(header) == expected
