"""Files built to hang or crash a reader are refused, with a message and exit 2.

Each YAML case goes through `posecoach plan` (and `validate`) as a user would run
it; the XML reader's count of nesting is the parser's own, as it goes.
posecoach/limits.py holds the limits and their reasons; test_resource_limits.py
measures what the refusals cost.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from big_files import WIDE_MIB, inflating_gz
from hypothesis import given
from hypothesis import strategies as st
from sizing import examples
from typer.testing import CliRunner

from posecoach import limits
from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.errors import UsageError
from posecoach.imports.activity import ActivityError
from posecoach.imports.gpx import read_gpx
from posecoach.imports.xml_safety import XmlReader
from posecoach.model import Curriculum, Rules, RunnerProfile

DATA = Path(__file__).parent / "data"
PROFILE = (DATA / "regular-runner.yaml").read_text(encoding="utf-8")


def alias_bomb() -> str:
    """Nine levels of ten aliases: a few hundred bytes that expand to 10^9 values."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n" + PROFILE


def without(key: str) -> str:
    return "\n".join(line for line in PROFILE.splitlines() if not line.startswith(key)) + "\n"


CASES: dict[str, tuple[Callable[[], str], str]] = {
    "alias bomb": (alias_bomb, "once its aliases are expanded"),
    "alias loop": (lambda: PROFILE + "x: &x [*x]\n", "a value contains itself"),
    "deep nesting": (lambda: PROFILE + "deep: " + "[" * 990 + "]" * 990 + "\n", "levels deep"),
    "huge file": (lambda: PROFILE + "".join(f"k{n}: {n}\n" for n in range(200_000)), "MB"),
    "far future": (lambda: without("start") + "start: 9999-12-20\n", "2099-12-31"),
    "no such day": (lambda: without("start") + "start: 2027-02-30\n", "February 2027 has 28 days"),
    "zone folder": (lambda: without("timezone") + "timezone: America\n", "not an IANA time zone"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["plan", "validate"])
def test_hostile_profiles_are_refused(
    case: str, command: str, tmp_path: Path, runner: CliRunner
) -> None:
    make, message = CASES[case]
    path = tmp_path / "profile.yaml"
    path.write_text(make(), encoding="utf-8")
    args = (
        ["plan", "-p", str(path), "-o", str(tmp_path / "out")]
        if command == "plan"
        else ["validate", str(path)]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("dose", "message"),
    [
        ("{sets: 100000, reps: [10, 20]}", "100000 sets is more than 20"),
        ("{sets: 2, reps: [10, 1000000000]}", "1e+09 reps a set is more than 500"),
        ("{sets: 2, minutes: [5, 99999]}", "99999 minutes a set is more than 240"),
    ],
)
def test_a_dose_no_session_could_hold_is_refused(
    dose: str, message: str, tmp_path: Path, runner: CliRunner
) -> None:
    text = (DATA / "mini-curriculum.yaml").read_text(encoding="utf-8")
    path = tmp_path / "curriculum.yaml"
    path.write_text(text.replace("dose: {sets: 2, reps: [10, 20]}", f"dose: {dose}"), "utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    result = runner.invoke(app, ["plan", "-c", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(done.returncode, peak, done.stderr.replace("\\n", " "))
"""


def test_a_gz_that_inflates_past_the_limit_is_refused_in_little_memory(
    regular_plan: Path, tmp_path: Path
) -> None:
    """150 MB of XML in a small .gpx.gz, past every other limit (elements of 64 kB,
    passed over) and whose trailer says 1 kB: refused while inflating, in bounded
    memory."""
    import sys

    path = tmp_path / "run.gpx.gz"
    inflating_gz(path, b"<gpx>", WIDE_MIB, 150, lie=True)
    assert path.stat().st_size < 1 << 20
    console_script = Path(sys.executable).parent / "posecoach"
    command = [str(console_script), "checkin", "-d", str(regular_plan), "--from", str(path),
               "--date", "2027-01-06"]  # fmt: skip
    measured = subprocess_output([sys.executable, "-c", MEASURE, *command])
    code, peak_kib, stderr = measured.split(" ", 2)
    assert code == "2", stderr
    assert "inflates to more than 100 MB" in stderr
    assert int(peak_kib) < 200 * 1024, f"peak {int(peak_kib) // 1024} MB"


def subprocess_output(command: list[str]) -> str:
    import subprocess

    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


GPX = (DATA / "activities" / "generated" / "run-with-walking-breaks.gpx").read_bytes()


def nested_in_a_point(levels: int) -> bytes:
    """The GPX file with `levels` elements nested inside its first point (4 deep)."""
    at = GPX.index(b">", GPX.index(b"<trkpt")) + 1
    return GPX[:at] + b"<x>" * levels + b"</x>" * levels + GPX[at:]


class Anything(XmlReader):
    """Reads any XML document and keeps nothing: only the reader's own limits apply."""

    def root(self, name: str) -> str | None:
        return None


def streamed(document: bytes) -> str:
    """ "read" when the document streams through, else why it is refused."""
    try:
        Anything().read(io.BytesIO(document).read)
    except ActivityError as error:
        return str(error)
    return "read"


def test_xml_nesting_is_counted_as_the_parser_goes() -> None:
    gpx = read_gpx(Path("run.gpx"), io.BytesIO(nested_in_a_point(60)).read)  # 64: the limit
    assert len(gpx.legs[0].samples) == len(read_gpx(Path("run.gpx"), io.BytesIO(GPX).read)
                                           .legs[0].samples)  # fmt: skip
    with pytest.raises(ActivityError, match="nests its elements more than 64 deep"):
        read_gpx(Path("run.gpx"), io.BytesIO(nested_in_a_point(61)).read)


DEEP = 100
# Tags hidden where the parser sees none, or shaped to slip past a count of "<" and "</".
HIDING_DEPTH = {
    "closes in CDATA": b"<a><![CDATA[</a>]]>" * DEEP,
    "closes in comments": b"<a><!-- </a> -->" * DEEP,
    "closes in instructions": b"<a><?pi </a> ?>" * DEEP,
    "a slash in text": b"<a>/>" * DEEP,
    "a slash in an attribute": b"<a href='/>'>" * DEEP,
    "opens never closed": b"<a>" * DEEP,
    "self-closing between opens": b"<a><b/>" * DEEP,
    "in UTF-16": ("<a>" * DEEP + "</a>" * DEEP).encode("utf-16"),
    "after a declaration": b'<?xml version="1.0"?>' + b"<a>" * 65 + b"</a>" * 65,
}


@pytest.mark.parametrize("case", sorted(HIDING_DEPTH))
def test_depth_cannot_be_hidden(case: str) -> None:
    assert "nests its elements more than 64 deep" in streamed(HIDING_DEPTH[case])


SHALLOW = {
    "self-closing points": (
        b"<gpx><trk><trkseg>" + b'<trkpt lat="1" lon="2"/>' * 10_000 + b"</trkseg></trk></gpx>"
    ),
    "opens in comments": b"<gpx><!-- " + b"<a>" * DEEP + b" --></gpx>",
    "opens in CDATA": b"<gpx><name><![CDATA[" + b"<a>" * DEEP + b"]]></name></gpx>",
    "> and / in attributes": b"<gpx>" + b'<a href="x/>y">z</a>' * DEEP + b"</gpx>",
    "! and ? in text": b'<?xml version="1.0"?><gpx><name>Run! Why?</name></gpx>',
    "64 deep": b"<a>" * 64 + b"</a>" * 64,
}


@pytest.mark.parametrize("case", sorted(SHALLOW))
def test_what_is_not_nested_is_not_counted(case: str) -> None:
    assert streamed(SHALLOW[case]) == "read"


def test_a_comment_left_open_is_a_damaged_file() -> None:
    said = streamed(b"<gpx>" + b"<!--" * 10_000)
    assert said.startswith("the XML file is damaged or cut short: its XML breaks at line 1")


def test_a_byte_no_xml_holds_stops_the_parser() -> None:
    said = streamed(b"<a>\x01" * DEEP)
    assert said.startswith("the XML file is damaged or cut short: its XML breaks at line 1")


FAR_STARTS = {
    "9999-12-31": "the plan cannot start on 9999-12-31",
    "0001-01-01": "the plan cannot start on 0001-01-01",
    "2100-01-01": "the plan cannot start on 2100-01-01",
    "1999-12-31": "the plan cannot start on 1999-12-31",
    "2099-12-31": "a 12-week plan from 2099-12-31 would end after 2099-12-31",
}


@pytest.mark.parametrize("start", sorted(FAR_STARTS))
def test_a_plan_is_dated_within_the_years_posecoach_holds(
    start: str, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", "--start", start, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"--start: {FAR_STARTS[start]}: a plan's days fall from 2000-01-01 to 2099-12-31" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_profiles_start_is_held_to_the_same_years(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(without("start") + "start: 2099-12-20\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "-p", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "a 12-week plan from 2099-12-20 would end after 2099-12-31" in result.stderr
    assert "hint: start by 2099-10-09, or plan fewer --weeks" in result.stderr
    result = runner.invoke(
        app, ["plan", "-p", str(path), "--weeks", "1", "-o", str(tmp_path / "short")]
    )
    assert result.exit_code == 2  # the curriculum's shortest is longer than the days left


NEAR_THE_EDGES = st.one_of(
    st.dates(),
    st.dates(date(1999, 6, 1), date(2000, 6, 1)),
    st.dates(date(2099, 6, 1), date(2100, 6, 1)),
)


@given(start=NEAR_THE_EDGES, weeks=st.integers(1, 26))
@examples(40, 400)
def test_every_plan_day_is_within_the_years_or_the_start_is_refused(
    start: date, weeks: int, transition: Curriculum, rules: Rules, default_profile: RunnerProfile
) -> None:
    refused: UsageError | None = None
    try:
        plan = build_plan(transition, default_profile, rules, start, weeks)
    except UsageError as error:
        refused = error
    if refused is not None:
        assert refused.field in ("start", "weeks")
        return
    assert limits.EARLIEST <= plan.start <= plan.end <= limits.LATEST
    assert all(limits.EARLIEST <= s.date <= limits.LATEST for s in plan.sessions)
