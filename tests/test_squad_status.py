"""posecoach squad status: the athletes who need the coach come first."""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from test_squad import SQUAD, squad
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_file import parse_plan_file

DAY = "2027-01-14"  # Thursday of week 2 (the squad starts on Monday 2027-01-04)


def checkin(runner: CliRunner, root: Path, athlete: str, *args: str) -> None:
    folder = str(root / "plans" / athlete)
    result = runner.invoke(app, ["checkin", "--dir", folder, *args])
    assert result.exit_code == 0, result.stderr


_BUILT: dict[str, Path] = {}


def make_group(runner: CliRunner, root: Path) -> None:
    """The five athletes' squad, planned and checked in: built once per test process
    (with the commands below) and copied, as a coach's folder is copied."""
    if "group" not in _BUILT:
        scratch = tempfile.mkdtemp(prefix="posecoach-squad-group-")
        atexit.register(shutil.rmtree, scratch, True)
        built = Path(scratch) / "club"
        _build_group(runner, built)
        _BUILT["group"] = built
    shutil.copytree(_BUILT["group"], root)


def _build_group(runner: CliRunner, root: Path) -> None:
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD + "  baseline_cadence: 160\n")
    for athlete in ("calm", "missy", "pat", "quick", "ulla"):
        (root / "athletes" / f"{athlete}.yaml").write_text(f"name: {athlete.title()}\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    checkin(runner, root, "missy", "--date", "2027-01-12", "--missed")
    checkin(runner, root, "pat", "--date", "2027-01-12", "--pain", "6", "--where", "calf")
    checkin(runner, root, "quick", "--date", "2027-01-12", "--cadence", "150", "--rpe", "4")
    checkin(runner, root, "calm", "--date", "2027-01-12", "--cadence", "160", "--rpe", "4")
    checkin(runner, root, "ulla", "--date", "2027-01-12", "--cadence", "159", "--rpe", "3")


def test_status_ranks_pain_then_missed_then_cadence(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    code, out, err = squad(runner, "status", str(root), "--date", DAY, "--json")
    assert code == 0, err
    data = json.loads(out)
    rows = {row["athlete"]: row for row in data["athletes"]}
    assert [row["athlete"] for row in data["athletes"]] == ["pat", "missy", "quick", "calm", "ulla"]
    assert rows["pat"]["pain"] == [
        {"date": "2027-01-12", "pain": 6, "where": "calf", "swelling": False, "state": "regress"}
    ]
    assert "pain" in rows["pat"]["adjustment_rules"]
    assert (rows["missy"]["done"], rows["missy"]["missed"], rows["missy"]["sessions"]) == (0, 1, 3)
    assert rows["quick"]["cadence_off_target"] is True
    assert rows["quick"]["cadence_target"] == 160
    assert rows["calm"]["cadence_off_target"] is False
    assert rows["calm"]["last_checkin"] == "2027-01-12"
    assert rows["calm"]["week"] == 2
    # The table says the same, in the same order.
    code, out, err = squad(runner, "status", str(root), "--date", DAY)
    assert code == 0, err
    names = ("pat", "missy", "quick", "calm", "ulla")
    firsts = [line.split()[0] for line in out.splitlines() if line.startswith(names)]
    assert firsts == list(names)
    assert "6/10 calf" in out
    assert "150/160 -6% off" in out


def test_status_shows_an_athlete_not_planned_yet(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD)
    for athlete in ("ann", "new"):
        (root / "athletes" / f"{athlete}.yaml").write_text(f"name: {athlete.title()}\n")
    code, _, err = squad(runner, "plan", str(root), "--only", "ann")
    assert code == 0, err
    code, out, err = squad(runner, "status", str(root), "--json")
    assert code == 0, err
    rows = json.loads(out)["athletes"]
    assert [row["athlete"] for row in rows] == ["new", "ann"]  # no plan comes before all well
    assert "no plan yet" in rows[0]["problem"]
    assert rows[1]["problem"] is None


def pain_of(runner: CliRunner, root: Path, athlete: str, day: str) -> list[object]:
    code, out, err = squad(runner, "status", str(root), "--date", day, "--json")
    assert code == 0, err
    rows = json.loads(out)["athletes"]
    row = next(row for row in rows if row["athlete"] == athlete)
    assert (rows[0]["athlete"] == athlete) == bool(row["pain"])  # pain ranks first
    return list(row["pain"])


def test_pain_stays_flagged_until_a_pain_free_checkin_there(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Weeks later, a pain report nobody has cleared is still the coach's business:
    the plan still keeps the calf's hops out until a check-in there says pain is gone."""
    root = tmp_path / "club"
    make_group(runner, root)
    later = "2027-02-10"  # four weeks after pat's calf pain
    assert pain_of(runner, root, "pat", later) == [
        {"date": "2027-01-12", "pain": 6, "where": "calf", "swelling": False, "state": "regress"}
    ]
    checkin(runner, root, "pat", "--date", "2027-01-19", "--pain", "1", "--where", "knee")
    assert len(pain_of(runner, root, "pat", later)) == 1  # the knee is not the calf
    # One low check-in there is no all-clear: a step-back needs two in a row on
    # sessions that load the calf as hard as it allows (heel drops), and a hold two more.
    plan = parse_plan_file((root / "plans" / "pat" / "plan.yaml").read_text())
    runs = [
        s
        for s in plan.sessions
        if s.date > date(2027, 1, 19)
        and any(i.load == "heavy" and "calf" in i.loads for i in s.items)
    ]
    checkin(runner, root, "pat", "--session", runs[0].key, "--pain", "2", "--where", "calf")
    assert len(pain_of(runner, root, "pat", later)) == 1
    for session in runs[1:4]:
        checkin(runner, root, "pat", "--session", session.key, "--pain", "2", "--where", "calf")
    assert pain_of(runner, root, "pat", later) == []
    # Once cleared it is gone, however recent the report (the regions' state now).
    assert pain_of(runner, root, "pat", "2027-01-22") == []


# ------------------------------------------------------------------ issue 26


def _clear_pat_calf(runner: CliRunner, root: Path) -> None:
    """Pat's calf pain of 12 Jan, then check-ins there with no pain after sessions
    that load it as hard as it allows, until the plan holds the calf no more."""
    plan = parse_plan_file((root / "plans" / "pat" / "plan.yaml").read_text())
    heavy = [s for s in plan.sessions if date(2027, 1, 12) < s.date <= date(2027, 2, 10)
             and any(i.load == "heavy" and "calf" in i.loads for i in s.items)]  # fmt: skip
    for session in heavy[:4]:
        checkin(runner, root, "pat", "--session", session.key, "--pain", "0", "--where", "calf")
    plan = parse_plan_file((root / "plans" / "pat" / "plan.yaml").read_text())
    assert not [r for r in plan.regions if r.region == "calf"]  # all clear, by the engine


def test_pain_follows_the_regions_state_now(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    _clear_pat_calf(runner, root)
    # Within two weeks of the report, once the check-ins cleared it, it is gone.
    assert pain_of(runner, root, "pat", "2027-01-22") == []
    code, out, err = squad(runner, "status", str(root), "--date", "2027-01-22")
    assert code == 0, err
    assert "6/10" not in out
    assert '<tr class="pain' not in (root / "squad.html").read_text()


def test_a_current_injury_from_the_profile_shows(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    (root / "athletes" / "calm.yaml").write_text(
        "name: Calm\ninjuries:\n  - {region: achilles, kind: tendinopathy, current: true}\n"
    )
    code, out, err = squad(runner, "status", str(root), "--date", DAY, "--json")
    assert code == 0, err
    rows = {row["athlete"]: row for row in json.loads(out)["athletes"]}
    assert rows["calm"]["injuries"] == ["Achilles tendinopathy, in rehab"]
    assert rows["ulla"]["injuries"] == []
    code, out, err = squad(runner, "status", str(root), "--date", DAY)
    assert "tendinopathy" in out
    assert "Achilles tendinopathy, in rehab" in (root / "squad.html").read_text()


def test_every_column_is_explained(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    code, out, err = squad(runner, "status", str(root), "--date", DAY)
    assert code == 0, err
    legend = " ".join(out.split())
    assert re.search(r"cadence: 1 change\b", legend), out  # in words, not "cadence (1)"
    for said in ("Adjusted by: the rules behind the changes", "and how many", "Last in:",
                 "Pain: the worst report", "injury: a current one"):  # fmt: skip
        assert said in legend, said


def test_piped_status_is_plain(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    code, out, err = squad(runner, "status", str(root), "--date", DAY)
    assert code == 0, err
    assert "─" not in out  # CliRunner's output is not a terminal
    assert re.search(r"^Athlete +Wk +Done +Missed", out, re.MULTILINE), out


def test_silence_ranks_as_needing_attention(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    later = "2027-01-27"  # two weeks on: only ulla has checked in since
    checkin(runner, root, "ulla", "--date", "2027-01-26", "--cadence", "160", "--rpe", "3")
    code, out, err = squad(runner, "status", str(root), "--date", later, "--json")
    assert code == 0, err
    rows = json.loads(out)["athletes"]
    order = [row["athlete"] for row in rows]
    assert order[0] == "pat"  # pain still first
    assert order[-1] == "ulla"  # the only one not silent
    ulla = rows[-1]
    assert (ulla["days_since_checkin"], ulla["silent"]) == (1, False)
    calm = next(row for row in rows if row["athlete"] == "calm")
    assert (calm["days_since_checkin"], calm["silent"]) == (15, True)
    code, out, err = squad(runner, "status", str(root), "--date", later)
    assert "15 days ago !" in out
    assert "yesterday" in out
