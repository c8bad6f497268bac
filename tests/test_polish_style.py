"""The fluent reviewer's style list (issue 28), each point through the commands a
runner types with `--lang pl`: one word for each thing, everywhere it is said.

A module-wide Polish plan (the default profile, and one with a known cadence) is
built once; each test reads what it needs from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app

DATA = Path(__file__).parent / "data"
START = "2027-01-04"  # a Monday


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("style")
    made = {
        "pl": ["--lang", "pl"],
        "en": [],
        "cadence": ["--lang", "pl", "--profile", str(DATA / "regular-runner.yaml")],
    }
    for name, extra in made.items():
        _run("plan", "--start", START, "--out", str(root / name), *extra)
    return {name: root / name for name in made}


def _files(folder: Path) -> str:
    return "\n".join((folder / name).read_text() for name in ("plan.md", "plan.html", "plan.ics"))


def test_drills_as_a_session_part_are_technique_drills(plans: dict[str, Path]) -> None:
    md = (plans["pl"] / "plan.md").read_text()
    assert "| ćwiczenia techniczne | Pozycja Pose |" in md
    assert "| ćwiczenia | " not in md
    assert "Ćwiczenia techniczne, potem spokojny bieg" in md
    assert "| drills | Pose stance hold |" in (plans["en"] / "plan.md").read_text()


def test_the_runners_cadence_is_always_their_usual_one(plans: dict[str, Path]) -> None:
    said = _files(plans["pl"]) + _files(plans["cadence"])
    said += _run("explain", "--dir", str(plans["cadence"]))
    assert "zwykła kadencja to 162" in said or "zwykłej kadencji: 162" in said
    for other in ("wyjściow", "bazow", "dotychczasow", "własną kadencję", "punkt wyjścia"):
        assert other not in said, other


def test_pain_is_always_out_of_ten(plans: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "pain"  # a plan of its own: the check-in changes it
    _run("plan", "--start", START, "--out", str(folder), "--lang", "pl")
    logged = _run(
        "checkin", "--dir", str(folder), "--date", "2027-01-05",
        "--pain", "4", "--where", "calf", "--settled-next-morning", "yes", "--rpe", "5",
    )  # fmt: skip
    assert "ból 4/10 (łydka)" in logged
    said = _files(folder) + logged
    assert not re.search(r"\b\d+ (na|w skali do) 10\b", said)
    assert not re.search(r"[Bb]ól (powyżej |najwyżej )?\d+(?![/\d–])", said)


def test_the_cadence_target_fits_its_column(plans: dict[str, Path]) -> None:
    """The overview's cadence column says '+5% ponad zwykłą', kept on one line."""
    html = (plans["pl"] / "plan.html").read_text()
    assert "<td>+5%\u00a0ponad\u00a0zwykłą</td>" in html
    assert "+5% ponad twoją zwykłą" not in html


def test_the_calendar_speaks_polish_with_the_same_keys(plans: dict[str, Path]) -> None:
    polish = (plans["pl"] / "plan.ics").read_bytes().decode()
    english = (plans["en"] / "plan.ics").read_bytes().decode()
    assert "CATEGORIES:posecoach,technika" in polish
    assert "CATEGORIES:posecoach,siła" in polish
    assert "CATEGORIES:posecoach,technique" in english
    unfolded = polish.replace("\r\n ", "")
    assert "\\ntrening posecoach runner-w01-s1" in unfolded
    assert "posecoach session" not in unfolded
    assert "\\nposecoach session runner-w01-s1" in english.replace("\r\n ", "")
    for line in ("UID:", "X-POSECOACH-KEY:"):
        ids = [[x for x in text.splitlines() if x.startswith(line)] for text in (polish, english)]
        assert ids[0] == ids[1]


def test_drills_name_their_element_and_plyometrics_in_polish() -> None:
    polish = _run("drills", "--lang", "pl")
    assert re.search(r"wall-fall +Opadanie na ścianę +opadanie ", polish)
    assert re.search(r"hops-in-place +Podskoki w miejscu +Pose .*\n +\(pliometria\)", polish)
    assert "(plyo)" not in polish
    one = _run("drills", "hops-in-place", "--lang", "pl")
    assert "(pliometria)" in one
    assert re.search(r"Element +Pose\n", one)
    english = _run("drills")
    assert re.search(r"wall-fall +Wall fall +fall ", english)
    assert re.search(r"hops-in-place +Hops in place +pose .*\n +\(plyo\)", english)


def test_citations_in_polish_words(plans: dict[str, Path]) -> None:
    listed = _run("sources", "--lang", "pl")
    md = (plans["pl"] / "plan.md").read_text()
    for said in (listed, md):  # a work's own title keeps its "et al." as published
        assert "Pose Tech b.d.-a" in said
        assert "Fletcher i in. 2008" in said
        assert "n.d." not in said
        assert "Fletcher et al." not in said
    assert "Warne i Gruber 2017" in md
    english = _run("sources")
    assert "Pose Tech n.d.-a" in english
    one = _run("sources", "S8", "--lang", "pl")
    assert "b.d." in one


def test_today_is_said_one_way(plans: dict[str, Path]) -> None:
    rest = CliRunner().invoke(
        app,
        ["today", "--dir", str(plans["pl"])],
        env={"POSECOACH_NOW": "2027-01-06T10:00:00+00:00"},
    )
    session = CliRunner().invoke(
        app,
        ["today", "--dir", str(plans["pl"])],
        env={"POSECOACH_NOW": "2027-01-07T10:00:00+00:00"},
    )
    # The day in a heading as the phone page's heading says it ('czwartek, 7 stycznia').
    assert rest.output.startswith("Dziś, środa, 6 stycznia: dzień odpoczynku · tydzień 1")
    assert session.output.startswith("Dziś, czwartek, 7 stycznia · tydzień 1")
    assert "Dzisiaj" not in rest.output + session.output


def test_plyometrics_spelt_the_polish_way(plans: dict[str, Path]) -> None:
    said = _files(plans["pl"]) + _run("drills", "--lang", "pl")
    said += _run("explain", "--dir", str(plans["pl"]))
    said += (plans["pl"] / "profile.yaml").read_text()
    assert "plyometr" not in said.casefold()
    assert "pliometr" in said.casefold()


def test_drill_names_read_naturally(plans: dict[str, Path]) -> None:
    md = (plans["pl"] / "plan.md").read_text()
    assert "Opuszczanie pięt z prostym kolanem" in md
    assert "Opuszczanie pięt z ugiętym kolanem" in md
    assert "Opuszczanie pięty, kolano" not in md


def test_a_sessions_day_and_time_one_way_everywhere(plans: dict[str, Path]) -> None:
    when = "wtorek, 5 stycznia, 18:30"
    folder = plans["pl"]
    assert f"### {when}: Stopa i Pose" in (folder / "plan.md").read_text()
    assert f'<span class="when">{when}</span>' in (folder / "plan.html").read_text()
    _run("sheet", "--week", "1", "--dir", str(folder))
    assert f'<span class="when">{when}</span>' in (folder / "week-01.html").read_text()
    assert f"{when} · Stopa i Pose" in _run("show", "--week", "1", "--dir", str(folder))
    english = (plans["en"] / "plan.md").read_text()
    assert "### Tue 5 Jan, 18:30: Foot and Pose" in english


def test_no_entity_where_markdown_needs_none(plans: dict[str, Path]) -> None:
    md = (plans["pl"] / "plan.md").read_text()
    assert "Medicine & Science in Sports & Exercise" in md
    assert "&amp;" not in md
