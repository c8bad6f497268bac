"""The metronome: every click where it belongs, checked in the written file."""

from __future__ import annotations

import json
import math
import wave
from datetime import date
from pathlib import Path

import aubio
import numpy as np
import pytest
import soundfile
from typer.testing import CliRunner

from posecoach import loaders
from posecoach.audio.live import run_beats
from posecoach.audio.session import session_segments
from posecoach.audio.timing import Segment, onsets, ramp_time
from posecoach.audio.track import PRE_ROLL, RATE, Track, write_track
from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.model import Curriculum, Rules

DATA = Path(__file__).parent / "data"


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as track:
        assert (track.getnchannels(), track.getsampwidth(), track.getframerate()) == (1, 2, RATE)
        return np.frombuffer(track.readframes(track.getnframes()), dtype="<i2")


def click_starts(samples: np.ndarray) -> np.ndarray:
    """Our own exact detector: the first loud sample after a stretch of silence."""
    loud = np.flatnonzero(np.abs(samples) > 0.05 * 32767)
    if loud.size == 0:
        return loud
    gaps = np.diff(loud) > RATE * 0.1
    return np.concatenate([loud[:1], loud[1:][gaps]])


@pytest.mark.parametrize("bpm", [173.0, 181.0])
def test_every_onset_within_half_a_sample_over_an_hour(tmp_path: Path, bpm: float) -> None:
    path = write_track(Track([Segment(3600, bpm, bpm)]), tmp_path / "hour.wav")
    found = click_starts(read_wav(path))
    ideal = (PRE_ROLL + 60.0 * np.arange(len(found)) / bpm) * RATE
    assert len(found) == math.ceil(3600 * bpm / 60)
    # The detector finds the first sample above threshold; the click's attack
    # puts that a fixed few samples after the onset, the same for every click.
    lag = found - np.round(ideal)
    assert np.all(lag == lag[0])
    assert np.max(np.abs(np.round(ideal) - ideal)) <= 0.5
    assert 0 <= lag[0] < 20


def test_ramp_onsets_match_the_closed_form() -> None:
    segment = Segment(600, 170, 180)
    times = [o.time for o in onsets([segment])]
    assert len(times) == round(segment.beats)  # 1750 beats
    k = (180 - 170) / 600
    for n, t in enumerate(times):
        # phase(t) = (b0 t + k t^2 / 2) / 60 must be exactly n at the n-th beat
        assert (170 * t + k * t * t / 2) / 60 == pytest.approx(n, abs=1e-9)
    assert ramp_time(0, 170, 180, 600) == 0
    # The tempo rises smoothly: the gaps shrink from 60/170 s towards 60/180 s.
    gaps = np.diff(times)
    assert gaps[0] == pytest.approx(60 / 170, rel=1e-3)
    assert gaps[-1] == pytest.approx(60 / 180, rel=1e-3)
    assert np.all(np.diff(gaps) < 0)


def test_phase_carries_across_silent_segments() -> None:
    segments = [Segment(10, 180, 180), Segment(1.1, 180, 180, silent=True), Segment(10, 180, 180)]
    times = [o.time for o in onsets(segments)]
    # One continuous grid of beats every 1/3 s, the silent stretch left out.
    grid = [n / 3 for n in range(round(21.1 * 3) + 1) if not 10 <= n / 3 < 11.1]
    assert times == pytest.approx([t for t in grid if t < 21.1], abs=1e-9)


def test_accents(tmp_path: Path) -> None:
    track = Track([Segment(5, 120, 120)], accent_every=2)
    flags = [o.accent for o in track.onsets()]
    assert flags == [True, False] * 5
    samples = read_wav(write_track(track, tmp_path / "a.wav"))
    peaks = [int(np.max(np.abs(samples[s : s + 500]))) for s in click_starts(samples)]
    assert peaks[0] > peaks[1] * 1.5  # the accent is clearly louder


def test_session_track_clicks_per_segment(transition: Curriculum, rules: Rules) -> None:
    profile = loaders.load_profile(DATA / "regular-runner.yaml")
    plan = build_plan(transition, profile, rules, date(2027, 1, 4))
    session = next(s for s in plan.sessions if any(i.run and i.run.walk_minutes for i in s.items))
    segments = session_segments(session)
    assert any(s.silent for s in segments)
    clicks = list(onsets(segments))
    phase = 0.0
    for index, segment in enumerate(segments):
        expected = math.ceil(phase + segment.beats - 1e-9) - math.ceil(phase - 1e-9)
        count = sum(1 for o in clicks if o.segment == index)
        assert count == (0 if segment.silent else expected), segment.label
        phase += segment.beats
    assert all(c.time for c in clicks)
    assert session.cadence is not None
    spm = session.cadence.spm
    assert spm is not None
    running = [s for s in segments if s.label.startswith("run")]
    assert running
    assert all(s.start_bpm == spm for s in running)


def test_aubio_finds_every_click_of_ten_minutes(tmp_path: Path) -> None:
    path = write_track(Track([Segment(600, 173, 173)]), tmp_path / "ten.wav")
    samples = read_wav(path).astype(np.float32) / 32768
    hop = 64
    detector = aubio.onset("hfc", 512, hop, RATE)
    found = []
    for start in range(0, len(samples) - hop, hop):
        if detector(samples[start : start + hop]):
            found.append(detector.get_last_s())
    expected = math.ceil(600 * 173 / 60)
    assert len(found) == expected
    beats = np.arange(len(found))
    slope, _ = np.polyfit(beats, np.array(found), 1)
    assert 60 / slope == pytest.approx(173, abs=0.01)
    ideal = PRE_ROLL + 60 * beats / 173
    offsets = np.array(found) - ideal
    assert np.max(np.abs(offsets - np.median(offsets))) < 0.0015  # within 1.5 ms


def test_other_formats_decode_to_the_same_beat(tmp_path: Path) -> None:
    path = write_track(Track([Segment(20, 170, 170)]), tmp_path / "t.flac")
    data, rate = soundfile.read(str(path), dtype="int16")
    assert rate == RATE
    wav = read_wav(write_track(Track([Segment(20, 170, 170)]), tmp_path / "t.wav"))
    assert np.array_equal(data, wav)  # FLAC is lossless


def test_live_beats_follow_an_absolute_grid() -> None:
    now = [100.0]
    ticks: list[tuple[int, float]] = []

    def clock() -> float:
        now[0] += 1e-6  # reading a clock takes a moment: the last wait spins on it
        return now[0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def tick(n: int, due: float) -> None:
        ticks.append((n, now[0]))
        now[0] += 0.05  # drawing the beat takes time: it must not push the next one

    run_beats(180, tick, beats=30, clock=clock, sleep=sleep)
    start = ticks[0][1]
    for n, at in ticks:
        assert at == pytest.approx(start + n / 3, abs=1e-5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["300"], "300 bpm is outside 60 to 240"),
        (["59.5"], "59.5 bpm is outside 60 to 240"),
        (["170", "--minutes", "-5"], "--minutes: -5 is not between 0 and 360"),
        (["--ramp", "150:250"], "250 bpm is outside"),
        (["--ramp", "fast"], "is not FROM:TO"),
        (["170", "--sound", "cowbell"], "is not a sound"),
        (["170", "--out", "/no/such/folder/x.wav"], "does not exist"),
        (["170", "--out", "x.aiff"], "is not .wav, .flac, .ogg or .mp3"),
        (["--session", "nobody-w01-s1"], "holds no plan yet"),
    ],
)
def test_bad_input_is_refused(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["metronome", *args, "--dir", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a part


def test_unwritable_output_is_refused(runner: CliRunner) -> None:
    # /proc takes no new files, even from root (who ignores permission bits).
    result = runner.invoke(app, ["metronome", "170", "--minutes", "1", "--out", "/proc/x.wav"])
    assert result.exit_code == 2
    assert "/proc/x.wav: cannot write" in result.stderr
    assert not Path("/proc/x.wav").exists()


def test_session_tracks_from_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    # Two sessions a week over eight weeks: every kind of session, and a third of the
    # tracks (each some 60 MB of WAV) a default plan would write.
    profile = tmp_path / "two-days.yaml"
    text = (DATA / "regular-runner.yaml").read_text().replace('  Wed: "18:30"\n', "")
    profile.write_text(text.replace("sessions_per_week: 3", "sessions_per_week: 2"))
    args = ["plan", "-p", str(profile), "--start", "2027-01-04", "--weeks", "8", "-o", str(folder)]
    result = runner.invoke(app, [*args, "--audio"])
    assert result.exit_code == 0, result.stderr
    assert "click tracks" in result.stdout
    # Tracks are named by date and title; the folder's manifest says which session each follows.
    manifest = json.loads((folder / "audio" / ".posecoach-tracks").read_text())["tracks"]
    assert manifest
    name, entry = sorted(manifest.items())[0]
    assert name.startswith("2027-01-")
    assert (folder / "audio" / name).is_file()
    key = entry["session"]
    result = runner.invoke(
        app, ["metronome", "--session", key, "--dir", str(folder), "--out", str(tmp_path / "s.wav")]
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["metronome", "--session", key + "x", "--dir", str(folder)])
    assert result.exit_code == 2
    assert f"did you mean '{key}'?" in result.stderr
