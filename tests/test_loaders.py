"""Loading YAML inputs: every problem at once, each with its line and a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.cli import app
from posecoach.errors import InputError, UsageError
from posecoach.model import RunnerProfile

DATA = Path(__file__).parent / "data"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        loaders.load_profile(path)
    return [str(problem) for problem in caught.value.problems]


def test_five_mistakes_are_all_reported_with_their_lines() -> None:
    path = DATA / "five-mistakes.yaml"
    found = problems_of(path)
    assert found == [
        f"{path}:2: timezone: 'Europe/Berln' is not an IANA time zone like Europe/Berlin",
        f"{path}:5: days.Wendesday: 'Wendesday' is not one of 'Mon', 'Tue', 'Wed', 'Thu',"
        " 'Fri', 'Sat' or 'Sun'\n  hint: did you mean 'Wednesday'?",
        f"{path}:6: days.Sat: '25:00' is not a time of day like 07:30",
        f"{path}:9: background: 'regulr' is not one of 'new', 'returning' or 'regular'"
        "\n  hint: did you mean 'regular'?",
        f"{path}:12: baseline_cadense: unknown key\n  hint: did you mean 'baseline_cadence'?",
    ]


def test_unquoted_times_and_paces_read_as_clock_times(
    write_profile: Callable[[str], Path],
) -> None:
    # YAML 1.1 reads 07:30 as the base-60 integer 450; the model takes it back.
    path = write_profile(
        "name: A\ndays: {Mon: 07:30, thursday: 18:05}\nsessions_per_week: 2\n"
        "max_session_minutes: 30\nbackground: new\nweekly_volume: 0\nlongest_run_30d: 0\n"
        "easy_pace: 6:30\n"
    )
    profile = loaders.load_profile(path)
    assert [(day, t.isoformat()) for day, t in profile.days.items()] == [
        ("Mon", "07:30:00"),
        ("Thu", "18:05:00"),
    ]
    assert profile.easy_pace == 390


def test_missing_keys_point_at_the_file(write_profile: Callable[[str], Path]) -> None:
    path = write_profile("name: A\n")
    found = problems_of(path)
    assert f"{path}:1: days: required key is missing" in found
    missing = [p.split(": ")[1] for p in found]
    assert missing == [
        "background",
        "days",
        "longest_run_30d",
        "max_session_minutes",
        "sessions_per_week",
        "weekly_volume",
    ]


def test_more_sessions_than_days_is_explained(write_profile: Callable[[str], Path]) -> None:
    path = write_profile(
        "name: A\ndays: {Mon: '07:00'}\nsessions_per_week: 3\nmax_session_minutes: 30\n"
        "background: new\nweekly_volume: 0\nlongest_run_30d: 0\n"
    )
    assert problems_of(path) == [
        f"{path}:1: sessions_per_week is 3 but only 1 day is available"
    ]


def test_yaml_syntax_errors_have_a_line(write_profile: Callable[[str], Path]) -> None:
    path = write_profile("name: A\ndays: [Mon\nsessions_per_week: 3\n")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3: not valid YAML")


def test_yaml_is_loaded_safely(write_profile: Callable[[str], Path]) -> None:
    path = write_profile("name: !!python/object/apply:os.system ['echo hacked']\n")
    [problem] = problems_of(path)
    assert "not valid YAML" in problem


def test_a_file_that_is_not_a_mapping(write_profile: Callable[[str], Path]) -> None:
    path = write_profile("- just\n- a list\n")
    assert problems_of(path) == [f"{path}:1: the file is a list, expected a mapping of keys"]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        loaders.load_profile(tmp_path / "nope.yaml")


def test_unknown_curriculum_name_suggests_one() -> None:
    with pytest.raises(UsageError) as caught:
        loaders.load_curriculum("pose-transiton")
    assert caught.value.hint == "did you mean 'pose-transition'?"


def test_curriculum_cross_references_are_checked(tmp_path: Path) -> None:
    text = (DATA / "mini-curriculum.yaml").read_text()
    text = text.replace("- {drill: hops}", "- {drill: hopps}")
    text = text.replace("sessions: [technique, run, strength]", "sessions: [technique, rum]")
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        loaders.load_curriculum(str(path))
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 2
    assert "templates.0.items.1.drill: no drill has the id 'hopps'" in found[0]
    assert "did you mean 'hops'?" in found[0]
    assert "phases.0.sessions.1: no session template has the id 'rum'" in found[1]
    assert "did you mean 'run'?" in found[1]


def test_rule_overrides_merge_over_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("cadence:\n  steps_percent: [4, 8]\n  cap_percent: 8\n")
    rules = loaders.load_rules(path)
    assert rules.cadence.steps_percent == [4, 8]
    assert rules.pain.hold_max == 5  # untouched defaults stay


def test_rule_overrides_are_validated_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("pain:\n  advance_max: 3\n  hold_maks: 5\n")
    with pytest.raises(InputError) as caught:
        loaders.load_rules(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: pain.hold_maks: unknown key\n  hint: did you mean 'hold_max'?"
    ]


def test_load_any_recognises_each_kind(tmp_path: Path) -> None:
    assert loaders.load_any(DATA / "mini-curriculum.yaml") == "curriculum"
    assert loaders.load_any(DATA / "three-days.yaml") == "profile"
    rules = tmp_path / "rules.yaml"
    rules.write_text("missed:\n  realign_after: 4\n")
    assert loaders.load_any(rules) == "rules"


def test_the_default_profile_is_valid() -> None:
    assert isinstance(loaders.load_profile(None), RunnerProfile)


REGULAR = (DATA / "regular-runner.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "plan"])
def test_a_key_given_twice_is_refused_with_both_lines(
    command: str, write_profile: Callable[[str], Path], runner: CliRunner, tmp_path: Path
) -> None:
    text = REGULAR.replace('  Sat: "09:00"\n', '  Sat: "09:00"\n  Mon: "06:00"\n')
    text += "units: mi\n"
    path = write_profile(text)
    args = ["validate", str(path)] if command == "validate" else ["plan", "-p", str(path)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "out")] if command == "plan" else args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[:4] == [
        f"{path}:7: days.Mon: 'Mon' is given twice (first on line 4); YAML would keep only"
        " this one",
        "  hint: keep one of them",
        f"{path}:16: units: 'units' is given twice (first on line 15); YAML would keep only"
        " this one",
        "  hint: keep one of them",
    ]
    assert not (tmp_path / "out").exists()


def test_a_merge_may_give_its_keys_again(write_profile: Callable[[str], Path]) -> None:
    text = REGULAR.replace(
        'days:\n  Mon: "07:00"\n  Wed: "18:30"\n  Sat: "09:00"\n',
        'usual: &usual {Mon: "07:00", Wed: "18:30", Sat: "09:00"}\n'
        'days:\n  <<: *usual\n  Mon: "06:00"\n',
    )
    with pytest.raises(InputError) as caught:  # `usual` is no profile key; nothing else is wrong
        loaders.load_profile(write_profile(text))
    assert [p.location for p in caught.value.problems] == ["usual"]


def test_keys_twice_in_a_curriculum_and_in_a_flow_mapping(tmp_path: Path) -> None:
    text = (DATA / "mini-curriculum.yaml").read_text(encoding="utf-8")
    path = tmp_path / "curriculum.yaml"
    path.write_text(text.replace("dose: {sets: 2, reps: [10, 20]}", "dose: {sets: 2, sets: 3}"))
    with pytest.raises(InputError) as caught:
        loaders.load_curriculum(str(path))
    [problem] = caught.value.problems
    assert problem.location.endswith(".dose.sets")
    assert "'sets' is given twice" in problem.message


@pytest.mark.parametrize("word", ["yes", "no", "on", "true", "False"])
def test_a_yes_or_no_where_a_number_belongs_is_refused(
    word: str, write_profile: Callable[[str], Path], runner: CliRunner
) -> None:
    path = write_profile(REGULAR.replace("sessions_per_week: 3", f"sessions_per_week: {word}"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert (
        f"{path}:7: sessions_per_week: {word!r} is a yes-or-no value in YAML, not a number\n"
        "  hint: write a whole number here"
    ) in result.stderr


def test_yes_or_no_numbers_are_said_with_every_other_problem(
    write_profile: Callable[[str], Path],
) -> None:
    text = REGULAR.replace("weekly_volume: 30", "weekly_volume: off")
    text = text.replace("baseline_cadence: 162", "baseline_cadence: yes")
    path = write_profile(text.replace("timezone: Europe/Berlin", "timezone: Europe/Berln"))
    assert [p.split(": ", 2)[1] for p in problems_of(path)] == [
        "timezone",
        "weekly_volume",
        "baseline_cadence",
    ]


def test_yes_or_no_still_reads_where_yes_or_no_belongs(
    write_profile: Callable[[str], Path],
) -> None:
    profile = loaders.load_profile(write_profile(REGULAR + "keep_running: no\n"))
    assert profile.keep_running is False
