"""posecoach squad publish: each athlete's feed under its own token, only changes written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_squad import SQUAD, squad, stamps
from typer.testing import CliRunner

from posecoach.folder.plan_folder import PlanFolder


def test_publishing_twice_writes_nothing_the_second_time(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD + "public_url: coach.example.org/feeds\n")
    for athlete in ("ana", "ben", "cy"):
        (root / "athletes" / f"{athlete}.yaml").write_text(f"name: {athlete.title()}\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    site = tmp_path / "site"
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "3 feeds published" in out
    assert "3 written, 0 unchanged" in out
    tokens = {}
    for athlete in ("ana", "ben", "cy"):
        token = (root / "plans" / athlete / PlanFolder.TOKEN).read_text().strip()
        feed = site / token / PlanFolder.ICS
        assert feed.read_bytes() == (root / "plans" / athlete / PlanFolder.ICS).read_bytes()
        assert f"https://coach.example.org/feeds/{token}/plan.ics" in out
        tokens[athlete] = token
    assert len(set(tokens.values())) == 3
    assert not (site / "squad.html").exists()  # the coach's page names everyone
    before = stamps(site)
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "0 written, 3 unchanged" in out
    assert stamps(site) == before
    # One athlete's plan changes: only their feed is written.
    (root / "athletes" / "ben.yaml").write_text("name: Ben\nsessions_per_week: 2\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "1 written, 2 unchanged" in out
    after = stamps(site)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [f"{tokens['ben']}/plan.ics"]


def test_an_athlete_without_a_plan_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD)
    (root / "athletes" / "ana.yaml").write_text("name: Ana\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    (root / "athletes" / "new.yaml").write_text("name: New\n")
    code, out, err = squad(runner, "publish", str(root), "--to", str(tmp_path / "site"))
    assert code == 2
    assert "not published: new: no plan yet" in err
    assert "1 feed published" in out


def test_the_folder_target_needs_no_object_storage_extra(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "s3fs", None)  # as without posecoach[s3]
    root = tmp_path / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD)
    (root / "athletes" / "ana.yaml").write_text("name: Ana\n")
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    site = tmp_path / "s3:"  # a folder whose name only looks like a scheme
    code, out, err = squad(runner, "publish", str(root), "--to", str(site))
    assert code == 0, err
    assert "1 feed published" in out
    token = (root / "plans" / "ana" / PlanFolder.TOKEN).read_text().strip()
    assert (site / token / PlanFolder.ICS).is_file()
