"""The fluent reviewer's section B (issue 28): what commands said in English in a
Polish run. Each test runs the command a runner types, with --lang pl, and asserts
the Polish (and, where the harness applies, no English of ours: tests/leaks.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from leaks import english, leaks
from typer.testing import CliRunner

from posecoach.cli import app


@pytest.fixture(scope="module")
def known() -> set[str]:
    return english()


def _said(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout + result.stderr


# ------------------------------------------------------------------ metronome


def test_metronome_says_its_track_in_polish(
    runner: CliRunner, tmp_path: Path, known: set[str]
) -> None:
    out = tmp_path / "steady.wav"
    said = _said(runner, "metronome", "172", "--minutes", "1", "--out", str(out), "--lang", "pl")
    assert said.startswith(f"Zapisano {out} (")
    assert "w 172 uderzeniach na minutę; 172 kliknięcia." in said
    assert leaks(said, known) == []


def test_metronome_says_a_sessions_track_in_polish(
    runner: CliRunner, regular_plan: Path, known: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_NOW", "2027-01-04T06:00:00+00:00")
    plan = str(regular_plan)
    said = _said(runner, "metronome", "--dir", plan, "--yes", "--lang", "pl")
    assert "Zapisano " in said
    assert "do treningu " in said
    assert "w częściach w rytm metronomu, cisza pomiędzy;" in said
    assert "Jest aktualizowany razem z planem." in said
    for english_word in ("track", "session", "baseline", "clicks", "Wrote"):
        assert english_word not in said.replace(str(regular_plan), "")
    assert leaks(said, known) == []


def test_metronome_errors_in_polish(runner: CliRunner) -> None:
    said = _said(runner, "metronome", "300", "--lang", "pl", code=2)
    assert "[BPM]: 300 uderzeń na minutę wykracza poza zakres od 60 do 240" in said
    assert "kadencja w biegu to zwykle od 150 do 200 kroków na minutę" in said
    said = _said(runner, "metronome", "--ramp", "abc", "--lang", "pl", code=2)
    assert "'abc' to nie OD:DO" in said


# ------------------------------------------------------------------ workout (FIT)


@pytest.fixture(scope="module")
def polish_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Polish plan folder (Mon, Wed and Sat from Mon 14 Dec 2026), built as a runner
    builds it."""
    out = tmp_path_factory.mktemp("pl") / "plan"
    result = CliRunner().invoke(
        app, ["plan", "--start", "2026-12-14", "--out", str(out), "--lang", "pl"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_watch_workout_of_a_polish_plan_is_in_polish(
    runner: CliRunner, polish_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fit_workouts import decoded

    monkeypatch.setenv("POSECOACH_NOW", "2026-12-14T06:00:00+00:00")
    fit = tmp_path / "w.fit"
    said = _said(runner, "workout", "--dir", str(polish_plan), "--out", str(fit), "--lang", "pl")
    assert said.startswith(f'Zapisano {fit}: "W01.1 Stopa i Pose"')
    workout = decoded(fit.read_bytes())
    assert workout.name == "W01.1 Stopa i Pose"
    names = [step.name for step in workout.steps]
    # The curriculum's Polish words (folded to plain letters, as the watch's texts are).
    assert names[0] == "Bujanie: czucie ciezaru 2x8"
    assert "Kucyk 2x10/str." in names
    assert not any("Rocking" in (name or "") for name in names)


# ------------------------------------------------------------------ checkin


@pytest.fixture
def polish_copy(polish_plan: Path, tmp_path: Path) -> Path:
    """A Polish plan folder of this test's own, which it may check in to."""
    return Path(shutil.copytree(polish_plan, tmp_path / "plan", symlinks=True))


def test_checkin_errors_in_polish(runner: CliRunner, polish_copy: Path, known: set[str]) -> None:
    plan = str(polish_copy)
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w99-s1", "--rpe", "3", code=2
    )
    assert "--session: w planie nie ma treningu 'runner-w99-s1'" in said
    _said(runner, "checkin", "--dir", plan, "--session", "runner-w01-s1", "--rpe", "3")
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w01-s1", "--rpe", "4", code=2
    )
    assert "--session: runner-w01-s1 ma już wpis (id 1, wysiłek 3/10)" in said
    assert "żeby go cofnąć: posecoach checkin --undo 1" in said
    assert leaks(said, known) == []
    said = _said(runner, "checkin", "--dir", plan, "--date", "2026-12-18", "--rpe", "3", code=2)
    # The session's title as the plan says it, in Polish.
    assert "(Siła łydek, stóp i bioder, 2026-12-17)" in said
    said = _said(runner, "checkin", "--dir", plan, "--date", "2027-06-01", "--rpe", "3", code=2)
    assert "wpis jest z 2027-06-01, poza tym planem (od 2026-12-14 do 2027-03-07)" in said


# ------------------------------------------------------------------ explain, plan.md


def test_explain_words_a_checkin_and_names_its_rule_in_polish(
    runner: CliRunner, polish_copy: Path, known: set[str]
) -> None:
    plan = str(polish_copy)
    _said(runner, "checkin", "--dir", plan, "--session", "runner-w01-s1", "--missed", "--ill")
    said = _said(runner, "explain", "--dir", plan)
    assert "(opuszczony, choroba)" in said
    # The rule's Polish name, with the id the rules file keys it by.
    assert "opuszczone treningi (missed): " in said
    assert leaks(said, known) == []
    plan_md = (polish_copy / "plan.md").read_text(encoding="utf-8")
    assert "*(reguła: opuszczone treningi (missed); źródła: " in plan_md


# ------------------------------------------------------------------ bibliography


def test_our_own_descriptions_of_sources_are_polish(runner: CliRunner, polish_plan: Path) -> None:
    said = _said(runner, "sources", "--lang", "pl")
    assert "[Ćwiczenie upadania z partnerem]" in said
    assert "[Partner fall drill]" not in said
    said = _said(runner, "sources", "S87", "--lang", "pl")
    assert "u 5205 biegaczy" in said
    plan_md = (polish_plan / "plan.md").read_text(encoding="utf-8")
    assert "[Reakcja bólowa w ciągu 24 godzin]" in plan_md
    # A work's own title stays as published, in every language.
    english = _said(runner, "sources", "S87")
    assert "[Single-run distance spikes and running injury in 5,205 runners" in english


def test_a_bracketed_title_is_given_in_every_language_of_the_file(tmp_path: Path) -> None:
    from posecoach.errors import InputError
    from posecoach.sources import read_bibliography

    shipped = Path(__file__).parents[1] / "curricula" / "sources.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        'pl: "[Ćwiczenie upadania z partnerem]"', 'de: "[Partnerfallübung]"'
    )
    broken = tmp_path / "sources.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        read_bibliography(broken, "pl")


# ------------------------------------------------------------------ body regions


def test_where_takes_a_polish_body_region(
    runner: CliRunner, polish_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSECOACH_NOW", "2026-12-18T09:00:00+00:00")
    plan = str(polish_copy)
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w01-s1", "--pain", "2",
        "--where", "Ścięgno Achillesa",
    )  # fmt: skip
    assert "ból 2/10 (ścięgno Achillesa)" in said
    logged = (polish_copy / "checkins.jsonl").read_text(encoding="utf-8")
    assert '"where":"achilles"' in logged  # the id stays the data
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w01-s2", "--pain", "2",
        "--where", "kolan", code=2,
    )  # fmt: skip
    assert "czy chodziło o 'kolano'?" in said
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w01-s2", "--pain", "2",
        "--where", "xyz", code=2,
    )  # fmt: skip
    assert "jeden z: stopa, grzbiet stopy, powięź podeszwowa, pięta, kostka," in said
    said = _said(
        runner, "checkin", "--dir", plan, "--session", "runner-w01-s2", "--pain", "2",
        "--where", "lydka",
    )  # fmt: skip
    assert "(łydka)" in said


def test_a_profile_names_an_injury_by_its_polish_region(runner: CliRunner, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "name: Zofia\nlanguage: pl\nstart: 2027-01-04\ntimezone: Europe/Warsaw\n"
        "days: {Mon: '07:00', Wed: '18:30', Sat: '09:00'}\nsessions_per_week: 3\n"
        "max_session_minutes: 45\nbackground: returning\nunits: km\nweekly_volume: 15\n"
        "longest_run_30d: 8\nbaseline_cadence: 162\n"
        "injuries:\n  - region: kolano\n  - region: ścięgno Achillesa\n    kind: tendinopathy\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan"
    _said(runner, "plan", "--profile", str(profile), "--out", str(out))
    plan_yaml = (out / "plan.yaml").read_text(encoding="utf-8")
    assert "region: knee" in plan_yaml
    assert "region: achilles" in plan_yaml


def test_the_polish_profile_lists_every_region_by_its_polish_name(polish_plan: Path) -> None:
    from posecoach.model.region_names import polish_names

    profile = (polish_plan / "profile.yaml").read_text(encoding="utf-8")
    comment = next(line for line in profile.splitlines() if "Urazy według okolicy ciała" in line)
    block = profile[profile.index(comment) :].split("\n#  -")[0]
    for name in polish_names():  # every region, foot-bones, plantar-fascia and heel too
        assert name in " ".join(block.replace("#", " ").split()), name


def test_workout_errors_in_polish(runner: CliRunner, polish_plan: Path, tmp_path: Path) -> None:
    plan = str(polish_plan)
    said = _said(runner, "workout", "--dir", plan, "--lang", "pl", code=2)
    assert "od 2027-12-31 nie ma już treningów: plan skończył się 2027-03-07" in said
    out = str(tmp_path / "w.txt")
    said = _said(runner, "workout", "runner-w01-s1", "--dir", plan, "--out", out, code=2)
    assert "w.txt: nazwa pliku treningu kończy się na .fit" in said


def test_every_text_of_a_polish_watch_workout_is_folded_alike(
    runner: CliRunner, polish_plan: Path, tmp_path: Path
) -> None:
    """The watch's texts are folded to plain letters (render/workout.py: a watch's fonts),
    all of them: the cool-down's name as the drills' names."""
    from fit_workouts import decoded

    fit = tmp_path / "w.fit"
    _said(runner, "workout", "runner-w01-s1", "--dir", str(polish_plan), "--out", str(fit))
    names = [step.name or "" for step in decoded(fit.read_bytes()).steps]
    assert "Schlodzenie" in names
    assert all(name.isascii() for name in names)


def test_workouts_removed_are_said_in_polish(runner: CliRunner, polish_copy: Path) -> None:
    folder = str(polish_copy)
    _said(runner, "plan", "-o", folder, "--watch")
    said = _said(runner, "plan", "-o", folder, "--weeks", "8")
    assert "treningów na zegarek z workouts/ (" in said
    assert ": jego treningu nie ma już w planie" in said
