"""squad status and squad publish follow an edit of the squad's own files (athletes/<id>.yaml,
squad.yaml) as `squad plan` would build it, not the plan folder's merged copy."""

from __future__ import annotations

import json
from pathlib import Path

from test_squad import SQUAD, squad, stamps
from typer.testing import CliRunner

from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.stamp import STAMP

DAY = "2027-01-14"  # Thursday of week 2 (the squad starts on Monday 2027-01-04)


def make_pair(runner: CliRunner, root: Path) -> None:
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD)
    for athlete in ("ana", "ben"):
        (root / "athletes" / f"{athlete}.yaml").write_text(f"name: {athlete.title()}\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err


def rows_of(runner: CliRunner, root: Path) -> tuple[dict[str, dict[str, object]], str]:
    code, out, err = squad(runner, "status", str(root), "--json", "--date", DAY)
    assert code == 0, err
    return {row["athlete"]: row for row in json.loads(out)["athletes"]}, err


def as_squad_plan_writes(runner: CliRunner, root: Path) -> None:
    """Building every plan again for real (no stamp to skip by) rewrites no file: what
    is there are the bytes `squad plan` writes."""
    for stamp in (root / "plans").glob(f"*/{STAMP}"):
        stamp.unlink()
    before = stamps(root / "plans")
    code, out, err = squad(runner, "plan", str(root))
    assert code == 0, err
    assert "0 built" in out
    after = stamps(root / "plans")
    assert {k: v for k, v in after.items() if STAMP not in k} == before


def test_status_follows_an_edited_athlete_file(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_pair(runner, root)
    rows, _ = rows_of(runner, root)
    assert (rows["ben"]["runner"], rows["ben"]["sessions"]) == ("Ben", 3)
    ana_before = stamps(root / "plans" / "ana")
    (root / "athletes" / "ben.yaml").write_text("name: Benjamin\nsessions_per_week: 2\n")
    rows, err = rows_of(runner, root)
    assert (rows["ben"]["runner"], rows["ben"]["sessions"]) == ("Benjamin", 2)
    assert "rebuilt 1 plan older than their inputs first: ben" in err
    assert stamps(root / "plans" / "ana") == ana_before  # only ben's plan was rebuilt
    as_squad_plan_writes(runner, root)
    # An edit of squad.yaml's defaults reaches every athlete.
    (root / "squad.yaml").write_text(SQUAD.replace("sessions_per_week: 3", "sessions_per_week: 1"))
    rows, _ = rows_of(runner, root)
    assert (rows["ana"]["sessions"], rows["ben"]["sessions"]) == (1, 2)  # ben's own value
    as_squad_plan_writes(runner, root)


def test_publish_follows_an_edited_athlete_file(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_pair(runner, root)
    site = tmp_path / "site"
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    token = (root / "plans" / "ben" / PlanFolder.TOKEN).read_text().strip()
    before = (site / token / PlanFolder.ICS).read_bytes()
    (root / "athletes" / "ben.yaml").write_text("name: Ben\nsessions_per_week: 2\n")
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "1 written, 1 unchanged" in out
    published = (site / token / PlanFolder.ICS).read_bytes()
    assert published.count(b"BEGIN:VEVENT") < before.count(b"BEGIN:VEVENT")
    assert published == (root / "plans" / "ben" / PlanFolder.ICS).read_bytes()
    as_squad_plan_writes(runner, root)


def test_a_broken_athlete_file_is_reported_and_the_others_follow(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "club"
    make_pair(runner, root)
    site = tmp_path / "site"
    code, _, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    ben_plan = stamps(root / "plans" / "ben")
    ben_file = root / "athletes" / "ben.yaml"
    ben_file.write_text("name: Ben\nsessions_per_week: eight\n")
    (root / "athletes" / "ana.yaml").write_text("name: Anabel\n")
    rows, err = rows_of(runner, root)
    assert rows["ana"]["runner"] == "Anabel"
    assert rows["ben"]["runner"] == "Ben"  # the plan built before, said to be so
    assert rows["ben"]["problem"] is None
    assert "ben: the plan is older than its inputs and cannot be rebuilt" in err
    assert f"{ben_file}:2: sessions_per_week:" in err
    assert stamps(root / "plans" / "ben") == ben_plan
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 2  # a problem in a file the coach can fix
    assert "not published: ben:" in err
    assert f"{ben_file}:2: sessions_per_week:" in err
    assert "1 feed published" in out
    assert "1 written, 0 unchanged, 1 not published" in out
    token = (root / "plans" / "ana" / PlanFolder.TOKEN).read_text().strip()
    assert b"Anabel" in (site / token / PlanFolder.ICS).read_bytes()
    assert stamps(root / "plans" / "ben") == ben_plan


def test_nothing_is_rebuilt_when_nothing_changed(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_pair(runner, root)
    site = tmp_path / "site"
    code, _, err = squad(runner, "publish", str(root), "--to", str(site))  # makes the tokens
    assert code == 0, err
    plans, published = stamps(root / "plans"), stamps(site)
    _, err = rows_of(runner, root)
    assert "rebuilt" not in err
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "0 written, 2 unchanged" in out
    assert stamps(root / "plans") == plans
    assert stamps(site) == published
