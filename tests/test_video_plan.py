"""The plan listens to a form check: logged with a session (posecoach form --log, or
checkin --video), overstriding or a lean from the hips shifts the next weeks to the
matching drills by the form rule, which explain names; progress shows the figures."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from test_engine_properties import CURRICULA, RULES, profiles
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.engine.form import HOSTS
from posecoach.model import CheckIn, FormCheck, FormFigure, Plan

VIDEO = Path(__file__).parent / "data" / "video"
OVER, GOOD, BENT = (VIDEO / f"{n}.json" for n in ("overstride-172-30fps", "good-172-30fps",
                                                   "hip-bend-166-60fps"))  # fmt: skip


def invoke(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def plan_json(runner: CliRunner, folder: Path, week: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        invoke(runner, "show", "-d", str(folder), "--week", str(week), "--json")
    )
    return data


def drills(runner: CliRunner, folder: Path, week: int) -> dict[str, list[str]]:
    weeks = plan_json(runner, folder, week)["weeks"]
    sessions = next(w for w in weeks if w["number"] == week)["sessions"]
    return {s["key"]: [i["drill"] for i in s["items"]] for s in sessions}


def log(runner: CliRunner, folder: Path, landmarks: Path, day: str, tmp: Path) -> str:
    """posecoach form --log, from the folder (its picture lands there, as a user's would)."""
    return invoke(
        runner, "form", "--landmarks", str(landmarks), "--log", "--date", day, "-d", str(folder),
        "--picture", str(tmp / f"{landmarks.stem}-{day}.png"),
    )  # fmt: skip


def test_an_overstriding_clip_adds_the_pull_to_the_next_weeks_and_explain_names_it(
    regular_plan: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_NOW", "2027-01-06T20:00:00+00:00")  # that evening
    before = {week: drills(runner, regular_plan, week) for week in (2, 3, 4, 5)}
    out = log(runner, regular_plan, OVER, "2027-01-06", tmp_path)  # a Wednesday of week 1
    assert "Checked in Wednesday's session, 6 January" in out
    assert "Form from overstride-172-30fps.json: cadence 172 steps/min" in out
    assert "The plan changed" in out
    assert "weeks 2–3: Form check of Wed 6 Jan" in out
    after = {week: drills(runner, regular_plan, week) for week in (2, 3, 4, 5)}
    for week in (2, 3):  # the two weeks after the clip: the pull, in the sessions with drills
        added = {k: set(after[week][k]) - set(before[week][k]) for k in after[week]}
        assert any(added.values()), week
        for names in added.values():
            assert names <= {"pony", "wall-pulls", "foot-tapping", "figure-four-wall-hold"}
    assert after[4] == before[4]
    assert after[5] == before[5]
    explained = " ".join(invoke(runner, "explain", "-d", str(regular_plan), "--week", "2").split())
    assert (
        "Form check of Wed 6 Jan (overstride-172-30fps.json): the foot landed 0.25 leg" in explained
    )
    assert "(overstriding: the rule's line is 0.15)" in explained
    assert "form: A form check from a side-view clip" in explained
    assert "Young et al. 2023 [S114]" in explained
    assert "Lieberman et al. 2015 [S68]" in explained
    # The week's sessions that changed say why, on the sheets and in the calendar too.
    sessions = plan_json(runner, regular_plan, 2)["weeks"][0]["sessions"]
    noted = [s for s in sessions if any("Form check" in n for n in s["notes"])]
    assert noted
    assert all(s["kind"] in HOSTS for s in noted)
    assert "Form check of Wed 6 Jan" in (regular_plan / "plan.ics").read_text()


def test_a_later_clip_without_the_fault_ends_it(
    regular_plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    before = drills(runner, regular_plan, 3)
    log(runner, regular_plan, OVER, "2027-01-06", tmp_path)
    assert drills(runner, regular_plan, 3) != before
    out = log(runner, regular_plan, GOOD, "2027-01-13", tmp_path)  # week 2: now under the hips
    assert "Form from good-172-30fps.json" in out
    assert "overstriding" not in out
    assert drills(runner, regular_plan, 3) == before  # week 3 follows the latest clip
    explained = invoke(runner, "explain", "-d", str(regular_plan))
    assert "Form check of Wed 13 Jan" not in explained


def test_a_lean_from_the_hips_adds_the_fall(
    regular_plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    before = drills(runner, regular_plan, 2)
    log(runner, regular_plan, BENT, "2027-01-06", tmp_path)
    after = drills(runner, regular_plan, 2)
    added = set().union(*(set(after[k]) - set(before[k]) for k in after))
    assert added
    assert added <= {"wall-fall", "wall-lean-run", "partner-fall-run-out"}
    explained = " ".join(invoke(runner, "explain", "-d", str(regular_plan), "--week", "2").split())
    assert (
        "the trunk leaned 14° forward (a lean from the hips: the rule's line is 12°)" in explained
    )


def test_progress_shows_the_form_checks_over_time_and_old_logs_still_read(
    regular_plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # A line as posecoach wrote it before form checks existed.
    old = {"date": "2027-01-04", "recorded": "2027-01-04T19:00:00Z", "session": "sam-w01-s1",
           "cadence": 168.0, "rpe": 4}  # fmt: skip
    (regular_plan / "checkins.jsonl").write_text(json.dumps(old) + "\n")
    log(runner, regular_plan, OVER, "2027-01-06", tmp_path)
    log(runner, regular_plan, GOOD, "2027-01-13", tmp_path)
    out = invoke(runner, "progress", "-d", str(regular_plan))
    assert "Form checks" in out
    assert "overstride-172-30fps.json" in out
    assert "+0.25" in out
    assert "+0.07" in out
    assert "+0.25 → +0.07 leg lengths ahead of the hips" in " ".join(out.split())
    rows = json.loads(invoke(runner, "progress", "-d", str(regular_plan), "--json"))["checkins"]
    assert rows[0]["form"] is None
    assert rows[0]["cadence"] == 168.0
    assert rows[1]["form"]["strike"]["value"] == pytest.approx(0.25, abs=0.01)
    assert rows[1]["form"]["clip"] == "overstride-172-30fps.json"
    listed = invoke(runner, "checkins", "-d", str(regular_plan))
    assert "form from good-172-30fps.json" in " ".join(listed.split())


def test_a_form_check_that_cannot_be_logged_leaves_everything_as_it_was(
    regular_plan: Path, runner: CliRunner, tmp_path: Path
) -> None:
    files = {p.name: p.read_bytes() for p in regular_plan.iterdir() if p.is_file()}
    result = runner.invoke(
        app,
        ["form", "--landmarks", str(OVER), "--log", "--date", "2027-01-05", "-d",
         str(regular_plan), "--picture", str(tmp_path / "p.png")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no session is planned on 2027-01-05" in result.stderr
    assert {p.name: p.read_bytes() for p in regular_plan.iterdir() if p.is_file()} == files
    assert not (tmp_path / "p.png").exists()
    missed = runner.invoke(app, ["checkin", "-d", str(regular_plan), "--missed", "--video",
                                 str(tmp_path / "none.mp4")])  # fmt: skip
    assert missed.exit_code == 2
    assert "--video: " in missed.stderr


# ------------------------------------------------------------------ the rule's invariants


def _check(strike: float, lean: float, steps: int = 25) -> FormCheck:
    def figure(value: float) -> FormFigure:
        return FormFigure(value=value, spread=0.0, count=steps)

    return FormCheck(
        clip="clip.mp4", cadence=figure(170), lean=figure(lean), strike=figure(strike),
        bounce=figure(0.08),
    )  # fmt: skip


@given(
    case=st.tuples(st.sampled_from(sorted(CURRICULA)), profiles()),
    day=st.integers(0, 70),
    strike=st.floats(-0.1, 0.4),
    lean=st.floats(-5, 25),
)
@examples(8, 60)
@pytest.mark.soak
def test_the_form_rule_adds_known_light_drills_after_the_clip_and_only_then(
    case: tuple[str, Any], day: int, strike: float, lean: float
) -> None:
    name, profile = case
    curriculum = CURRICULA[name]
    start = date(2027, 1, 4)
    when = start + timedelta(days=day)
    checkin = CheckIn(
        date=when, recorded=datetime(2027, 1, 1, tzinfo=UTC), form=_check(strike, lean)
    )
    plain = build_plan(curriculum, profile, RULES, start)
    if not plain.start <= when <= plain.end:
        return
    plan = build_plan(curriculum, profile, RULES, start, checkins=[checkin])
    rule = RULES.form
    faulty = strike > rule.overstride_leg_lengths or lean > rule.trunk_lean_degrees
    form = [a for a in plan.adjustments if a.rule == "form"]
    assert bool(form) <= faulty
    last = when + timedelta(days=7 * rule.weeks)
    by_key = {s.key: s for s in plain.sessions}
    shown: set[str] = set()
    for week, plain_week in zip(plan.weeks, plain.weeks, strict=True):
        for session in week.sessions:
            before = by_key[session.key]
            new = {i.drill for i in session.items} - {i.drill for i in before.items}
            if not new:
                continue
            # Added only after the clip, within the rule's weeks, to sessions with drill work.
            assert when < week.start <= last, (week.number, new)
            assert session.kind in HOSTS
            for drill in new:
                found = curriculum.drill(drill)
                assert not found.plyometric
                assert found.element in {"pull", "fall", "pose"}
                assert not week.deload or drill in shown  # nothing new in a deload week
        shown |= {i.drill for s in plain_week.sessions for i in s.items}
    _no_session_longer_than_asked(plan, profile.max_session_minutes)


def _no_session_longer_than_asked(plan: Plan, most: int) -> None:
    for session in plan.sessions:
        assert session.minutes <= max(most, 1) + 5, session.key  # the fitting's own slack


def test_in_a_plan_folder_the_cadence_is_judged_against_the_weeks_target(
    regular_plan: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(regular_plan)
    monkeypatch.setattr("posecoach.cli.now", lambda: datetime(2027, 1, 6, 8, tzinfo=UTC))
    data = json.loads(invoke(runner, "form", "--landmarks", str(GOOD), "--json", "--no-picture"))
    assert data["target"]["spm"] == 162  # the regular runner's baseline, in week 1
    assert data["figures"]["cadence"]["verdict"] == "above this week's 162"
    assert data["figures"]["cadence"]["past_line"] is True
    assert data["logged"] is None
    out = invoke(runner, "form", "--landmarks", str(GOOD), "--no-picture")
    assert f"To log it with today's session: posecoach form {GOOD} --log" in out
    assert not (regular_plan / "checkins.jsonl").exists()  # nothing logged unless asked
