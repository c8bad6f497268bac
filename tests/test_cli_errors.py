"""Issue 26, errors: each rough edge a new runner and a coach hit, through the
command they typed. Every error is `file:line: key: sentence` (or `error: ...`
for the command line) with a hint, all problems at once, in our own words,
exit code 2."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st
from serving import request, serving
from sizing import examples
from typer.testing import CliRunner

from posecoach import limits
from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token
from posecoach.resources import curricula_dir

REGULAR = (DATA / "regular-runner.yaml").read_text(encoding="utf-8")
PROBLEM = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<key>[\w.]+): \S")


def validate(runner: CliRunner, *paths: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *map(str, paths)])
    return result.exit_code, result.stdout, result.stderr


def profile(tmp_path: Path, text: str, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ dates and YAML


def test_a_bad_date_is_said_at_its_line_beside_the_files_other_problems(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = "start: 2026-02-30\n" + REGULAR.replace("sessions_per_week: 3", "sessions_per_week: 9")
    path = profile(tmp_path, text)
    code, _, err = validate(runner, path)
    assert code == 2
    assert f"{path}:1: start: '2026-02-30' is not a date: February 2026 has 28 days" in err
    assert "  hint: the month's last day is 2026-02-28" in err
    assert f"{path}:8: sessions_per_week: 9 is more than 7, the most it can be" in err


def test_a_date_written_day_first_gets_its_iso_form_and_nothing_else(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = profile(tmp_path, "start: 31/12/2026\n" + REGULAR)
    code, _, err = validate(runner, path)
    assert code == 2
    assert f"{path}:1: start: '31/12/2026' is not written as YYYY-MM-DD" in err
    assert "  hint: write it as 2026-12-31" in err
    assert "required key" not in err  # the one problem, not six more


def test_an_unclosed_quote_is_reported_on_the_line_it_opens(
    runner: CliRunner, tmp_path: Path
) -> None:
    lines = REGULAR.splitlines()  # 14 lines
    lines += ["injuries:", "  - region: achilles", "    kind: tendinopathy"]
    lines += ['    note: "right side, 2024', "    current: false", "paper: 'a4'"]
    path = profile(tmp_path, "\n".join(lines) + "\n")
    assert lines[17].startswith('    note: "')  # line 18
    code, _, err = validate(runner, path)
    assert code == 2
    assert err.startswith(f"{path}:18: a quoted value starts here and ")
    assert "hint: close it with the same quote mark" in err


# ------------------------------------------------------------------ hints, as init gives them


def test_a_profile_takes_zones_and_units_as_init_takes_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    wrong = profile(tmp_path, REGULAR.replace("Europe/Berlin", "Europe/Londres"), "wrong.yaml")
    code, _, err = validate(runner, wrong)
    assert code == 2
    assert f"{wrong}:2: timezone: 'Europe/Londres' is not an IANA time zone" in err
    assert "hint: did you mean 'Europe/London'?" in err
    text = REGULAR.replace("Europe/Berlin", "europe/london").replace("units: km", "units: miles")
    right = profile(tmp_path, text, "right.yaml")
    code, out, err = validate(runner, right)
    assert (code, err) == (0, "")
    assert out == f"ok: {right} (profile)\n"


def test_a_word_where_a_number_belongs_is_said_in_our_words(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = profile(tmp_path, REGULAR.replace("sessions_per_week: 3", "sessions_per_week: three"))
    code, _, err = validate(runner, path)
    assert code == 2
    assert f"{path}:7: sessions_per_week: 'three' is not a whole number" in err
    assert "hint: write a whole number from 1 to 7" in err
    assert "Input should" not in err


NUMBERS = [
    "sessions_per_week", "max_session_minutes", "weekly_volume", "longest_run_30d",
    "baseline_cadence", "easy_pace",
]  # fmt: skip
WORDS = ["name", "timezone", "background", "units", "paper", "start", "long_run_day", "plan_id"]
ODD_VALUES = [
    "three", "yes", "''", "[]", "{}", "[1, 2]", "{a: 1}", "2026-02-30", "31/12/2026",
    "07:30", "~", "'x' ", "-", "9999-12-31", "2026-13-01", "1e400", '"\\t"', "*", "!!binary x",
]  # fmt: skip
BAD_VALUES = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(ODD_VALUES),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12).map(repr),
)


@examples(30, 300)
@given(key=st.sampled_from([*NUMBERS, *WORDS, "days", "injuries", "races", "calendar"]),
       value=BAD_VALUES)  # fmt: skip
def test_no_bad_value_shows_pydantics_words_and_each_problem_has_a_line_key_and_hint(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: str
) -> None:
    kept = [line for line in REGULAR.splitlines() if not line.startswith(key + ":")]
    if key == "days":
        kept = [line for line in kept if not line.startswith("  ")]
    path = profile(tmp_path_factory.mktemp("bad"), "\n".join([*kept, f"{key}: {value}"]) + "\n")
    code, _, err = validate(CliRunner(), path)
    assert code in (0, 2), err
    assert "Input should" not in err
    assert "Traceback" not in err
    assert "Value error" not in err
    lines = err.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(str(path) + ":") and PROBLEM.match(line):
            assert lines[index + 1].startswith("  hint: "), err


# ------------------------------------------------------------------ the command line itself


@pytest.mark.parametrize(
    ("args", "said", "hint"),
    [
        (["plan", "--week", "3"], "error: --week: posecoach plan has no such option",
         "did you mean '--weeks'?"),
        (["plna"], "error: plna: posecoach has no such command", "did you mean 'plan'?"),
        (["squad", "plna"], "error: plna: posecoach squad has no such command",
         "did you mean 'plan'?"),
        (["validate"], "error: posecoach validate needs FILE", "run it as: posecoach validate"),
        (["plan", "--weeks", "x"], "error: --weeks: 'x' is not a whole number", "a whole number"),
        (["plan", "--weeks"], "error: --weeks needs a value", "posecoach plan --help"),
        (["today", "extra"], "error: extra: posecoach today takes no such argument", "--help"),
        (["checkin", "--swelling=yes"], "error: --swelling takes no value", "give it alone"),
    ],
)  # fmt: skip
def test_command_line_mistakes_are_worded_like_every_other_error(
    runner: CliRunner, args: list[str], said: str, hint: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    first, second = result.stderr.splitlines()[:2]
    assert first == said
    assert second.startswith("  hint: ")
    assert hint in second
    assert "Usage:" not in result.stderr
    assert "Error:" not in result.stderr
    assert "Input should" not in result.stderr


# ------------------------------------------------------------------ one cadence bound


def test_init_the_profile_and_a_check_in_share_one_cadence_bound(
    runner: CliRunner, tmp_path: Path
) -> None:
    low, high = limits.CADENCE_LOWEST, limits.CADENCE_HIGHEST
    base = ["init", "--no-interactive", "--timezone", "UTC"]
    for value, code in ((low - 1, 2), (low, 0), (high, 0), (high + 1, 2)):
        out = tmp_path / f"init-{value}.yaml"
        result = runner.invoke(app, [*base, "--out", str(out), "--baseline-cadence", str(value)])
        assert result.exit_code == code, result.output
        said = profile(tmp_path, REGULAR.replace("162", str(value)), f"p-{value}.yaml")
        assert validate(runner, said)[0] == code
    folder = tmp_path / "plan"
    built = runner.invoke(app, ["plan", "-p", str(DATA / "regular-runner.yaml"),
                                "--start", "2027-01-04", "-o", str(folder)])  # fmt: skip
    assert built.exit_code == 0, built.stderr
    for value in (low - 1, high + 1):
        result = runner.invoke(
            app, ["checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", str(value)]
        )
        assert result.exit_code == 2
        assert f"--cadence: {value} is not a running cadence" in result.stderr
    assert (
        "double it: 170"
        in runner.invoke(
            app, ["checkin", "-d", str(folder), "--date", "2027-01-06", "--cadence", "85"]
        ).stderr
    )
    page = (Path(__file__).parents[1] / "templates/html/web.html.j2").read_text(encoding="utf-8")
    assert 'min="{{ view.cadence_low }}" max="{{ view.cadence_high }}"' in page


def test_a_check_in_says_every_problem_at_once(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    built = runner.invoke(app, ["plan", "-p", str(DATA / "regular-runner.yaml"),
                                "--start", "2027-01-04", "-o", str(folder)])  # fmt: skip
    assert built.exit_code == 0, built.stderr
    result = runner.invoke(app, ["checkin", "-d", str(folder), "--date", "2027-01-06",
                                 "--cadence", "300", "--rpe", "15", "--pain", "6"])  # fmt: skip
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: --cadence: 300 is not a running cadence",
        "error: --rpe: 15 is not a score from 0 to 10",
        "error: --pain: a pain score needs the place that hurt",
    ]
    assert not (folder / PlanFolder.CHECKINS).exists()


def test_the_phone_form_shows_every_problem_at_once(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    built = runner.invoke(app, ["plan", "-p", str(DATA / "regular-runner.yaml"),
                                "--start", "2027-01-04", "-o", str(folder)])  # fmt: skip
    assert built.exit_code == 0, built.stderr
    key = PlanFolder(folder).read_plan().sessions[0].key
    with serving(folder) as server:
        secret = read_token(PlanFolder(folder))
        assert secret is not None
        page = request(server.port, f"/{secret}/checkin/{key}")[2].decode()
        assert f'min="{limits.CADENCE_LOWEST}" max="{limits.CADENCE_HIGHEST}"' in page
        fields = {"status": "done", "cadence": "300", "rpe": "15", "pain": "6",
                  "csrf": form_token(secret, key)}  # fmt: skip
        status, _, body = request(
            server.port, f"/{secret}/checkin/{key}", "POST",
            {"Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode(fields).encode(),
        )  # fmt: skip
    text = body.decode()
    assert status == 400
    assert "Cadence: 300 is not a running cadence (your steps a minute, from 100 to 230)." in text
    assert "Effort: 15 is not a score from 0 to 10" in text
    assert "Pain: a pain score needs the place that hurt" in text
    assert not (folder / PlanFolder.CHECKINS).exists()


# ------------------------------------------------------------------ validate knows every kind


def test_every_file_posecoach_ships_or_writes_validates_and_says_its_kind(
    runner: CliRunner, tmp_path: Path
) -> None:
    shipped = sorted(curricula_dir().glob("*.yaml"))
    examples_ = sorted(DATA.glob("*.yaml"))
    examples_.remove(DATA / "five-mistakes.yaml")  # wrong on purpose
    assert runner.invoke(app, ["squad", "init", str(tmp_path / "club")]).exit_code == 0
    club = [tmp_path / "club/squad.yaml", *sorted((tmp_path / "club/athletes").glob("*.yaml"))]
    started = tmp_path / "profile.yaml"
    assert runner.invoke(app, ["init", "--no-interactive", "--out", str(started)]).exit_code == 0
    code, out, err = validate(runner, *shipped, *examples_, *club, started)
    assert (code, err) == (0, "")
    kinds = dict(re.findall(r"^ok: (\S+) \((\w+)\)$", out, re.MULTILINE))
    assert kinds[str(curricula_dir() / "sources.yaml")] == "bibliography"
    assert kinds[str(curricula_dir() / "progression-rules.yaml")] == "rules"
    assert kinds[str(curricula_dir() / "pose-transition.yaml")] == "curriculum"
    assert kinds[str(curricula_dir() / "default-profile.yaml")] == "profile"
    assert kinds[str(tmp_path / "club/squad.yaml")] == "squad"
    assert {kinds[str(path)] for path in club[1:]} == {"athlete"}
    assert kinds[str(started)] == "profile"
    assert len(kinds) == len(shipped) + len(examples_) + len(club) + 1


def test_validate_says_which_kind_a_failing_file_was_taken_for(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = profile(tmp_path, "references: []\n", "refs.yaml")
    code, _, err = validate(runner, path)
    assert code == 2
    assert err.splitlines()[0] == f"{path}: checked as a bibliography"
    result = runner.invoke(app, ["validate", "--kind", "rulez", str(path)])
    assert result.exit_code == 2
    assert "did you mean 'rules'?" in result.stderr
