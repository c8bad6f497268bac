"""A planned session as a FIT workout file for the watch.

Every item of the session becomes a step, in order:

- drills, strength and mobility work are lap-button steps (open duration): the
  step's name carries the drill and its dose ("Pony 2x10/side"), its notes the
  dose in full, about how long it takes, the key cue and the beat for drills
  done to it; the runner presses lap when done;
- a run/walk is timed: its run and walk in a repeat block, then the last run;
  continuous running is one timed step. Every running step carries a cadence
  target range around the session's target, so the watch alerts when cadence
  drifts out of it. FIT stores running cadence in strides per minute (one
  foot), half the steps a watch shows: a 172 steps/min target is 86;
- last, a timed cool-down takes what is left of the session's minutes (the
  items' estimate rounded up to five), so the workout lasts what the calendar
  says.

Names and notes are plain ASCII (a watch's fonts lack "×" and most accents)
and short. FIT sets no length for a workout's name, but watches show only so
much of it (Garmin's older TCX workouts allowed 15 characters): a name is at
most 30 characters, its week and slot first ("W03.2 Fall drills"), so even a
screen that cuts it at 15 tells the sessions apart; a long title loses its
commas and small words before it is cut ("Calf foot hip strength").

Nothing here reads the clock: the file's creation time is the session's own
start, and its serial number comes from the session's key, so a session keeps
one identity on the watch and the same plan gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from datetime import UTC, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from posecoach.i18n import _
from posecoach.model import Item, Prescription, Session
from posecoach.render import amounts, wording
from posecoach.render.fit_encoding import FIT_EPOCH_SECONDS, Kind, Message, Value, fit_file
from posecoach.render.text import weekday_date

NAME_CHARS = 30  # a workout's name on the watch
STEP_NAME_CHARS = 32  # a step's name
NOTES_CHARS = 200  # a step's notes, and the workout's description
MIN_COOL_DOWN_SECONDS = 60  # less than a minute left over is not worth a step

# Message kinds and the values of the FIT profile's types this file uses.
FILE_ID = Kind(0, ((0, "enum"), (1, "uint16"), (2, "uint16"), (3, "uint32z"), (4, "uint32")))
# wkt_name, sport, sub_sport, num_valid_steps, wkt_description (the full title and focus)
WORKOUT = Kind(26, ((8, "string"), (4, "enum"), (11, "enum"), (6, "uint16"), (17, "string")))
STEP = Kind(
    27,
    (
        (254, "uint16"),  # message_index
        (0, "string"),  # wkt_step_name
        (1, "enum"),  # duration_type
        (2, "uint32"),  # duration_value: ms, or the step a repeat goes back to
        (3, "enum"),  # target_type
        (4, "uint32"),  # target_value: 0 for a custom range, or a repeat's count
        (5, "uint32"),  # custom_target_value_low: strides per minute for cadence
        (6, "uint32"),  # custom_target_value_high
        (7, "enum"),  # intensity
        (8, "string"),  # notes
    ),
)
FILE_WORKOUT = 5
DEVELOPMENT = 255  # the manufacturer id the FIT profile keeps for tools like this one
SPORT_RUNNING, SPORT_TRAINING = 1, 10
SUB_GENERIC, SUB_FLEXIBILITY, SUB_STRENGTH = 0, 19, 20
TIME, OPEN, REPEAT = 0, 5, 6  # wkt_step_duration
TARGET_OPEN, TARGET_CADENCE = 2, 3  # wkt_step_target
ACTIVE, WARMUP, COOLDOWN, RECOVERY = 0, 2, 3, 4  # intensity


# ł has no decomposition to strip: NFKD would drop it ("Łydki" would read "ydki").
_SIGNS = str.maketrans({"×": "x", "–": "-", "—": "-", "ł": "l", "Ł": "L"})
_CONTROLS = dict.fromkeys([*range(32), 127], " ")  # a NUL above all: FIT ends strings on it
# Words a cut title must not end on, and a long one does without.
_DANGLING = frozenset(
    (
        *("a", "an", "and", "at", "but", "for", "in", "it", "of", "on", "or", "the", "then", "to"),
        *("i", "oraz", "w", "na", "z", "do", "po", "potem"),  # Polish
    )
)


class Step(NamedTuple):
    """One workout step as the watch shows it."""

    name: str | None
    notes: str | None
    intensity: int | None
    seconds: int | None = None  # timed; None: until the lap button
    cadence: tuple[int, int] | None = None  # strides per minute, low and high
    repeat: tuple[int, int] | None = None  # a repeat step: (first step, times)


def ascii_text(text: str, limit: int) -> str:
    """Plain ASCII on one line, at most `limit` characters (cut at a word when it can)."""
    if not text.isascii():
        text = text.translate(_SIGNS)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = " ".join(text.translate(_CONTROLS).split())
    if len(plain) <= limit:
        return plain
    words = plain[: limit + 1].split(" ")[:-1] or [plain[:limit]]  # whole words that fit
    while len(words) > 1 and words[-1].casefold() in _DANGLING:
        words.pop()  # "Running in place to a" reads better as "Running in place"
    return " ".join(words).rstrip(",.;:-(")


def cadence_range(spm: int, tolerance_percent: float) -> tuple[int, int]:
    """The strides per minute a step's target allows: the steps within the tolerance
    around `spm`, halved and widened to whole strides (at least one either side)."""
    low = math.floor(spm * (1 - tolerance_percent / 100) / 2)
    high = math.ceil(spm * (1 + tolerance_percent / 100) / 2)
    return min(low, math.floor(spm / 2) - 1), max(high, math.ceil(spm / 2) + 1)


def _amount(dose: Prescription) -> str:
    """'2x10/side', '45s', '10 reps': a dose short enough for a step's name."""
    count: float
    if dose.reps is not None:
        count, unit = dose.reps, ""
    elif dose.seconds is not None:
        count, unit = dose.seconds, "s"
    elif dose.metres is not None:
        count, unit = dose.metres, "m"
    else:
        count, unit = dose.minutes or 0, "min"
    reps = _(" reps")
    text = f"{dose.sets}x{count:g}{unit}" if dose.sets > 1 else f"{count:g}{unit or reps}"
    return text + (_("/side") if dose.per_side else "")


def _minutes(value: float) -> str:
    if value < 1:
        return _("%(seconds)s s") % {"seconds": round(value * 60)}
    return _("%(minutes)s min") % {"minutes": f"{value:g}"}


def _lap_step(item: Item, intensity: int, spm: int | None) -> Step:
    assert item.dose is not None
    amount = _amount(item.dose)
    name = ascii_text(item.name, STEP_NAME_CHARS - len(amount) - 1) + " " + amount
    about = max(1, round(item.minutes))
    notes = [
        f"{amounts.prescription(item.dose)}.",
        _("About %(minutes)s min, then lap.") % {"minutes": about},
    ]
    if item.cadence and spm is not None:
        notes.append(_("To the beat: %(spm)s steps/min.") % {"spm": spm})
    notes += item.cues[:1]
    return Step(name, ascii_text(" ".join(notes), NOTES_CHARS), intensity)


def _run_steps(item: Item, target: Step, first: int) -> list[Step]:
    """A run/walk's steps: run and walk repeated, then the last run (`first` is the
    index the first of them will have)."""
    assert item.run is not None
    run = item.run

    def running(minutes: float) -> Step:
        name = _("Run %(time)s") % {"time": _minutes(minutes)}
        return target._replace(name=name, seconds=round(minutes * 60))

    if run.walk_minutes == 0:
        return [running(run.running_minutes)]
    walk = Step(
        _("Walk %(time)s") % {"time": _minutes(run.walk_minutes)},
        _("Walk briskly and tall; run again when the watch says."),
        RECOVERY,
        round(run.walk_minutes * 60),
    )
    steps = [running(run.run_minutes), walk] if run.repeats else []
    if run.repeats > 1:  # once needs no repeat step
        steps.append(Step(None, None, None, repeat=(first, run.repeats)))
    if run.final_run_minutes:
        steps.append(running(run.final_run_minutes))
    return steps


def _cadence_note(session: Session, band: tuple[int, int] | None) -> str:
    target = session.cadence
    if target is None:
        return _("Easy, relaxed running.")
    if band is None or target.spm is None:
        return _("Cadence: %(target)s.") % {"target": amounts.cadence(target)}
    rise = "" if target.step == 0 else f" (+{target.percent:g}%)"
    when = (
        _(" Until 2 check-ins in a row are on target, hold your last one.")
        if target.provisional
        else ""
    )
    return _(
        "Cadence %(spm)s steps/min%(rise)s; the watch alerts outside %(low)s-%(high)s.%(when)s"
    ) % {"spm": target.spm, "rise": rise, "low": 2 * band[0], "high": 2 * band[1], "when": when}


def workout_steps(session: Session, tolerance_percent: float) -> list[Step]:
    """The session's steps, in order (a repeat step names the index it goes back to)."""
    spm = session.cadence.spm if session.cadence is not None else None
    band = cadence_range(spm, tolerance_percent) if spm is not None else None
    last_work = max(
        (i for i, item in enumerate(session.items) if item.block not in ("warm-up", "mobility")),
        default=-1,
    )
    steps: list[Step] = []
    planned = 0.0  # seconds: the lap steps' estimates and the timed steps
    for index, item in enumerate(session.items):
        if item.run is not None:
            cue = item.cues[0] if item.cues else ""
            notes = ascii_text(f"{_cadence_note(session, band)} {cue}", NOTES_CHARS)
            target = Step(None, notes, ACTIVE, cadence=band)
            run_steps = _run_steps(item, target, len(steps))
            steps += run_steps
            planned += item.run.total_minutes * 60
            continue
        if item.block == "warm-up":
            intensity = WARMUP
        elif item.block == "mobility" and index > last_work >= 0:
            intensity = COOLDOWN
        else:
            intensity = ACTIVE
        steps.append(_lap_step(item, intensity, spm))
        planned += item.minutes * 60
    left = round(session.minutes * 60 - planned)
    if steps and left >= MIN_COOL_DOWN_SECONDS:
        runs = any(item.run is not None for item in session.items)
        steps.append(
            Step(
                _("Cool-down walk") if runs else _("Cool-down"),
                _("Walk easy and let your breathing settle.")
                if runs
                else _("Walk easy or stretch gently until the %(minutes)s minutes are up.")
                % {"minutes": session.minutes},
                COOLDOWN,
                left,
            )
        )
    # Every text the watch shows is plain, as the drills' are (a walk's and the
    # cool-down's words too: 'Schłodzenie' would be the one name with a Polish letter).
    return [
        step._replace(
            name=None if step.name is None else ascii_text(step.name, STEP_NAME_CHARS),
            notes=None if step.notes is None else ascii_text(step.notes, NOTES_CHARS),
        )
        for step in steps
    ]


def workout_name(session: Session, week: int) -> str:
    """'W03.2 Fall drills': which session, then its title, within the watch's limit."""
    label = f"W{week:02d}.{session.slot}"
    room = NAME_CHARS - len(label) - 1
    title = ascii_text(wording.title(session), len(wording.title(session)))
    if len(title) > room:  # "Calf, foot and hip strength" -> "Calf foot hip strength"
        words = title.replace(",", "").split()
        title = " ".join(words[:1] + [w for w in words[1:] if w.casefold() not in _DANGLING])
    return f"{label} {ascii_text(title, room)}"


def _sport(session: Session) -> tuple[int, int]:
    if any(item.run is not None for item in session.items) or session.kind in ("technique", "run"):
        return SPORT_RUNNING, SUB_GENERIC
    return SPORT_TRAINING, SUB_FLEXIBILITY if session.kind == "mobility" else SUB_STRENGTH


def serial_number(key: str) -> int:
    """A session's own number on the watch (never 0, which FIT reads as none)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") or 1


def _step_message(index: int, step: Step) -> Message:
    values: list[Value]
    if step.repeat is not None:
        first, times = step.repeat
        # As Garmin's cookbook writes one: back to `first`, `times` times, target open.
        values = [None, REPEAT, first, TARGET_OPEN, times, None, None, None]
    else:
        duration = [OPEN, None] if step.seconds is None else [TIME, step.seconds * 1000]
        if step.cadence is None:
            target: list[Value] = [TARGET_OPEN, 0, 0, 0]
        else:
            target = [TARGET_CADENCE, 0, *step.cadence]
        values = [step.name, *duration, *target, step.intensity]
    return Message(STEP, (index, *values, step.notes))


def render_workout(session: Session, week: int, timezone: str, tolerance_percent: float) -> bytes:
    """The session as a FIT workout file (it has at least one item)."""
    steps = workout_steps(session, tolerance_percent)
    if not steps:
        raise ValueError(f"{session.key} has nothing to do, so no workout")
    start = datetime.combine(session.date, session.time, ZoneInfo(timezone)).astimezone(UTC)
    created = int(start.timestamp()) - FIT_EPOCH_SECONDS
    sport, sub_sport = _sport(session)
    when = weekday_date(session.date)
    said = _("%(title)s, week %(week)s, %(day)s.") % {
        "title": wording.title(session),
        "week": week,
        "day": when,
    }
    about = ascii_text(f"{said} {wording.focus(session)}", NOTES_CHARS)
    messages = [
        Message(FILE_ID, (FILE_WORKOUT, DEVELOPMENT, 0, serial_number(session.key), created)),
        Message(WORKOUT, (workout_name(session, week), sport, sub_sport, len(steps), about)),
        *(_step_message(index, step) for index, step in enumerate(steps)),
    ]
    return fit_file(messages)
