"""Everything a plan folder holds stays current: week sheets and click tracks follow each
check-in and re-plan; plan says which profile it used; long work shows progress in a
terminal and nothing extra when piped."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pty_session import SCRIPT, Session, environment
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.commands.tracks import MANIFEST, title_slug, track_stems
from posecoach.folder.plan_file import parse_plan_file

DATA = Path(__file__).parent / "data"
Run = Callable[..., str]


@pytest.fixture
def run(runner: CliRunner) -> Run:
    """Run a command that must succeed; returns its stdout (stderr must be empty unless
    `warned`)."""

    def invoke(*args: str, warned: bool = False) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.stderr
        if not warned:
            assert result.stderr == ""
        return result.stdout + result.stderr

    return invoke


# ------------------------------------------------------------------ which profile


def test_plan_says_which_profile_it_used(run: Run, tmp_path: Path) -> None:
    folder = str(tmp_path / "p")
    out = run("plan", "--start", "2027-01-04", "-o", folder)
    assert "Profile: the built-in default (posecoach init writes one of your own)." in out
    profile = str(DATA / "regular-runner.yaml")
    out = run("plan", "-p", profile, "-o", folder)
    assert f"Profile: {profile} (copied into {folder}/profile.yaml)." in out
    out = run("plan", "-o", folder)
    assert f"Profile: {folder}/profile.yaml.\n" in out


def test_plan_warns_of_a_different_profile_here(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = tmp_path / "profile.yaml"
    here.write_bytes((DATA / "regular-runner.yaml").read_bytes())
    out = run("plan", "--start", "2027-01-04", warned=True)
    assert (
        "warning: profile.yaml here is not used: this plan uses the built-in default profile;"
        " to plan from it: posecoach plan --profile profile.yaml"
    ) in out
    assert "Sam Example" not in out
    out = run("plan", "--profile", "profile.yaml")  # as the warning says: no warning now
    assert "Sam Example" in out
    here.write_text(here.read_text().replace("Sam Example", "Sam Changed"))
    out = run("plan", warned=True)
    assert (
        "warning: profile.yaml here differs from posecoach-plan/profile.yaml, the profile this"
        " plan uses; to plan from it: posecoach plan --profile profile.yaml"
    ) in out
    monkeypatch.chdir(tmp_path / "posecoach-plan")  # in the plan folder: its own profile
    assert "warning" not in run("plan")


# ------------------------------------------------------------------ week sheets


def test_week_sheets_follow_the_plan(run: Run, regular_plan: Path, tmp_path: Path) -> None:
    folder = str(regular_plan)
    run("sheet", "--week", "4", "-d", folder)
    run("sheet", "--week", "12", "-d", folder, "--paper", "letter")
    week4 = (regular_plan / "week-04.html").read_bytes()
    out = run("checkin", "-d", folder, "--date", "2027-01-20", "--pain", "6", "--where", "calf",
              "--settled-next-morning", "no")  # fmt: skip
    assert "week-04.html" in out.splitlines()[-1] or "week-04.html" in out
    rewritten = (regular_plan / "week-04.html").read_bytes()
    assert rewritten != week4  # the step back shows on the sheet
    # ... exactly as `posecoach sheet` would write it now, on the paper it was printed on.
    run("sheet", "--week", "4", "-d", folder, "--out", str(tmp_path / "fresh.html"))
    assert (tmp_path / "fresh.html").read_bytes() == rewritten
    assert b"size: letter" in (regular_plan / "week-12.html").read_bytes()
    out = run("plan", "-o", folder, "--weeks", "8")
    assert "Note: removed week-12.html: the plan has 8 weeks now, not 12" in out
    assert not (regular_plan / "week-12.html").exists()
    assert (regular_plan / "week-04.html").exists()
    out = run("checkin", "-d", folder, "--undo")
    assert "week-04.html" in out


# ------------------------------------------------------------------ click tracks


@pytest.fixture
def wav(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tracks as WAV, which writes at once, rather than FLAC (the subject here is which
    tracks are written, not how; test_metronome checks the writers)."""
    monkeypatch.setattr("posecoach.commands.plan.preferred_suffix", lambda: ".wav")
    monkeypatch.setattr("posecoach.commands.metronome.preferred_suffix", lambda: ".wav")


def mini_plan(run: Run, folder: Path, *extra: str) -> str:
    profile, course = str(DATA / "regular-runner.yaml"), str(DATA / "mini-curriculum.yaml")
    return run("plan", "-p", profile, "-c", course, "-o", str(folder), "--weeks", "2", *extra)


def tracks(folder: Path) -> dict[str, str]:
    """The folder's tracks by file name: the session each follows."""
    manifest = json.loads((folder / "audio" / MANIFEST).read_text())["tracks"]
    names = {p.name for p in (folder / "audio").iterdir() if not p.name.startswith(".")}
    assert set(manifest) <= names
    return {name: entry["session"] for name, entry in manifest.items()}


@pytest.mark.usefixtures("wav")
def test_click_tracks_are_named_by_date_and_title(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    out = mini_plan(run, folder, "--start", "2027-01-04", "--audio")
    assert "Wrote 3 click tracks to" in out
    found = tracks(folder)
    assert sorted(n.rsplit(".", 1)[0] for n in found) == [
        "2027-01-06-easy-new-form-run", "2027-01-11-easy-new-form-run",
        "2027-01-16-easy-new-form-run",
    ]  # fmt: skip
    # Again: nothing to do.
    assert "all 3 current" in mini_plan(run, folder, "--audio")
    # A file of the runner's own in audio/ is never touched.
    (folder / "audio" / "mine.wav").write_bytes(b"mine")
    # Re-dated, every track follows its session to its new name.
    mini_plan(run, folder, "--start", "2027-02-01")
    moved = tracks(folder)
    assert sorted(moved.values()) == sorted(found.values())
    assert all(name.startswith("2027-02-") for name in moved)
    assert not set(found) & {p.name for p in (folder / "audio").iterdir()}
    assert (folder / "audio" / "mine.wav").read_bytes() == b"mine"


@pytest.mark.usefixtures("wav")
def test_click_tracks_follow_a_check_in(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    mini_plan(run, folder, "--start", "2027-01-04", "--audio")
    before = json.loads((folder / "audio" / MANIFEST).read_text())["tracks"]
    # Pain of 7 stops running: the later runs change, and their tracks with them.
    args = ["--date", "2027-01-06", "--pain", "7", "--where", "calf"]
    out = run("checkin", "-d", str(folder), *args)
    after = json.loads((folder / "audio" / MANIFEST).read_text())["tracks"]
    assert after != before
    assert "click track" in out
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    stems = track_stems(plan)
    for name, entry in after.items():
        assert name.rsplit(".", 1)[0] == stems[entry["session"]]
    assert "Traceback" not in out


@pytest.mark.usefixtures("wav")
def test_an_interrupted_audio_run_keeps_its_complete_tracks(
    run: Run, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped while writing its second track (Ctrl-C, or killed with a partial file left
    beside it), `plan --audio` leaves whole tracks only; the next run keeps them."""
    from posecoach.audio import track as writer

    folder = tmp_path / "p"
    mini_plan(run, folder, "--start", "2027-01-04")
    real = writer.write_track
    calls: list[Path] = []

    def stopped_on_the_second(track: writer.Track, path: Path) -> Path:
        calls.append(path)
        if len(calls) == 2:
            # What a kill -9 leaves: half a file under the writer's temporary name
            # (pid 999999999: no such process).
            path.with_name(f".{path.name}.999999999.tmp").write_bytes(b"RIFF half")
            raise KeyboardInterrupt
        return real(track, path)

    monkeypatch.setattr(writer, "write_track", stopped_on_the_second)
    result = runner.invoke(app, ["plan", "-d", str(folder), "--audio"])
    assert result.exit_code != 0
    assert [p.name for p in (folder / "audio").iterdir() if p.suffix == ".wav"] == [calls[0].name]
    monkeypatch.setattr(writer, "write_track", real)
    out = mini_plan(run, folder, "--audio")
    assert "Wrote 2 click tracks to" in out
    assert "; 1 unchanged." in out
    audio = sorted(p.name for p in (folder / "audio").iterdir())
    assert not [name for name in audio if name.endswith(".tmp")]
    assert len(tracks(folder)) == 3
    assert "all 3 current" in mini_plan(run, folder, "--audio")


@pytest.mark.usefixtures("wav")
def test_a_session_track_in_the_folder_is_kept_current(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    mini_plan(run, folder, "--start", "2027-01-04")
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    key = next(s.key for s in plan.sessions if s.title == "Easy new-form run")
    out = run("metronome", "--session", key, "-d", str(folder))
    assert "kept current" in out
    assert tracks(folder) == {f"{track_stems(plan)[key]}.wav": key}
    mini_plan(run, folder, "--start", "2027-01-11")
    [(name, session)] = tracks(folder).items()
    assert session == key
    assert name.startswith("2027-01-1")


@pytest.mark.usefixtures("wav")
def test_tracks_named_by_key_are_renamed(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    mini_plan(run, folder, "--start", "2027-01-04")
    plan = parse_plan_file((folder / "plan.yaml").read_text())
    (folder / "audio").mkdir()
    old = folder / "audio" / f"{plan.sessions[0].key}.wav"  # as an earlier version wrote it
    old.write_bytes(b"old")
    out = mini_plan(run, folder, "--audio")
    assert "named by session key" in out
    assert not old.exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Fall drills", "fall-drills"),
        ("Zoë's hops & skips / drills", "zoe-s-hops-skips-drills"),
        ("???", "session"),
        ("x" * 100, "x" * 60),
    ],
)
def test_track_names_are_safe(title: str, slug: str) -> None:
    assert title_slug(title) == slug


# ------------------------------------------------------------------ progress


def test_progress_bar_in_a_terminal_only(tmp_path: Path) -> None:
    profile, course = str(DATA / "regular-runner.yaml"), str(DATA / "mini-curriculum.yaml")
    args = ["plan", "-p", profile, "-c", course, "--start", "2027-01-04", "--weeks", "2", "--audio"]
    session = Session(*args, "-o", "t", cwd=tmp_path)
    assert session.finish() == 0, session.text
    assert "Click tracks" in session.text  # the bar, while it ran
    assert "━" in session.text
    piped = subprocess.run(
        [str(SCRIPT), *args, "-o", "p"], cwd=tmp_path, capture_output=True, text=True,
        env=environment(), check=True,
    )  # fmt: skip
    assert piped.stderr == ""
    assert "━" not in piped.stdout
    assert "\x1b[" not in piped.stdout
    assert re.fullmatch(
        r"Wrote 3 click tracks to p/audio \((FLAC|WAV)\); 0 unchanged.",
        piped.stdout.splitlines()[-1],
    )
