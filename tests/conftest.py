"""Shared fixtures: the built-in inputs, profile files and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer.testing
import yaml
from typer import _click as click
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.engine import build_plan
from posecoach.model import Curriculum, Plan, Rules, RunnerProfile

DATA = Path(__file__).parent / "data"
START = date(2027, 1, 4)  # a Monday
# The clock every command in the tests reads (posecoach.cli.now), servers started by
# the tests included: late in 2027, so check-ins for the test plans' sessions are in
# the past, as a runner's are. A test that needs another moment sets its own.
NOW = datetime(2027, 12, 31, 12, 0, tzinfo=UTC)
os.environ["POSECOACH_NOW"] = NOW.isoformat()
# The system locale chooses the language of a folder's first plan: the tests speak
# English unless they ask for another (a developer's Polish shell changes nothing).
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

# typer turns the app into its click command tree on every CliRunner.invoke: about
# 130 ms of evaluating every command's annotations, a fifth of the suite's time. The
# console script builds the tree once per run; the tests build it once per process.
# The tree holds no state between invocations (the language is chosen per context).
_built: dict[int, tuple[typer.Typer, click.Command]] = {}  # holding the app keeps its id
_build = typer.testing._get_command  # type: ignore[attr-defined]


def _built_once(app: typer.Typer) -> click.Command:
    if id(app) not in _built:
        _built[id(app)] = (app, _build(app))
    return _built[id(app)][1]


typer.testing._get_command = _built_once  # type: ignore[attr-defined,assignment]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the expected files under tests/golden from the current output.",
    )
    parser.addoption(
        "--soak",
        action="store_true",
        help="Run property tests, fuzzing and kill tests at soak sizes (see tests/sizing.py).",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Read by tests/sizing.py when the test modules are imported, which comes after
    # this (and happens again in each xdist worker, which gets the same options).
    if config.getoption("--soak"):
        os.environ["POSECOACH_SOAK"] = "1"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def transition() -> Curriculum:
    return loaders.load_curriculum("pose-transition")


@pytest.fixture(scope="session")
def rules() -> Rules:
    return loaders.load_rules()


@pytest.fixture(scope="session")
def default_profile() -> RunnerProfile:
    return loaders.load_profile(None)


HOSTILE = 'Hop, skip; jump \\ <script>alert("x")</script> 🏃\nsecond line'
HOSTILE_RUNNER = "Zoë; O'Neil, \\ <b>"


@pytest.fixture(scope="session")
def hostile_plan(rules: Rules) -> Plan:
    """A plan whose drill names and runner name hold markup, separators and emoji."""
    text = (DATA / "mini-curriculum.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Hops in place", f"name: {json.dumps(HOSTILE, ensure_ascii=False)}")
    curriculum = Curriculum.model_validate(yaml.safe_load(text))
    assert any(d.name == HOSTILE for d in curriculum.drills)
    runner = loaders.load_profile(DATA / "three-days.yaml").model_copy(
        update={"name": HOSTILE_RUNNER}
    )
    return build_plan(curriculum, runner, rules, START)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_profile(tmp_path: Path) -> Callable[[str], Path]:
    """Write profile text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "profile.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# The environment the shared plans are built in, whichever test first asks for one.
_PLAIN = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.fixture(scope="session")
def built_regular_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The regular runner's plan, built once per process by the command a runner types."""
    from posecoach.cli import app

    out = tmp_path_factory.mktemp("regular") / "plan"
    args = ["plan", "-p", str(DATA / "regular-runner.yaml"), "--start", "2027-01-04"]
    environment = {**_PLAIN, "POSECOACH_NOW": NOW.isoformat()}
    result = CliRunner().invoke(app, [*args, "-o", str(out)], env=environment)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def regular_plan(tmp_path: Path, built_regular_plan: Path) -> Path:
    """A plan folder of its own for the regular runner (Mon, Wed and Sat from Mon 4 Jan
    2027): a copy of the one built for the process, which a test may change at will."""
    return Path(shutil.copytree(built_regular_plan, tmp_path / "plan", symlinks=True))
