"""A session's click track: silent through warm-up, strength and mobility work,
clicking at the session's cadence target through drills done to the beat and
through every running part of a run/walk (the walks stay silent)."""

from __future__ import annotations

from posecoach.audio.timing import Segment
from posecoach.i18n import _
from posecoach.model import Session


class NoCadenceTarget(ValueError):
    """The session's target is relative (no baseline yet), so it has no tempo."""


def session_segments(session: Session) -> list[Segment]:
    """The session's segments; none for a session with nothing done to the beat."""
    if session.cadence is None:
        return []
    spm = session.cadence.spm
    if spm is None:
        raise NoCadenceTarget(
            _("this plan's cadence targets are rises over your own cadence, with no tempo yet")
        )
    bpm = float(spm)
    segments: list[Segment] = []
    for item in session.items:
        if item.run is not None:
            run = item.run
            for repeat in range(1, run.repeats + 1):
                segments.append(Segment(run.run_minutes * 60, bpm, bpm, label=f"run {repeat}"))
                if run.walk_minutes:
                    segments.append(
                        Segment(run.walk_minutes * 60, bpm, bpm, silent=True, label="walk")
                    )
            if run.final_run_minutes:
                segments.append(Segment(run.final_run_minutes * 60, bpm, bpm, label="final run"))
        else:
            seconds = round(item.minutes * 60)
            segments.append(Segment(seconds, bpm, bpm, silent=not item.cadence, label=item.name))
    return segments
