"""Click tracks kept in a plan folder's audio/: named by date and session title, and kept
current as the plan changes.

A manifest (audio/.posecoach-tracks) lists the tracks posecoach wrote there:
for each file, the session it follows, its accent and sound, and a digest of
its beats. After every change to the plan, a listed track is rewritten when its
session's beats changed, renamed when its session moved or was retitled, and
removed when its session is gone or has nothing done to the beat. Files the
manifest does not list are never touched.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from posecoach.errors import UsageError
from posecoach.folder.plan_folder import PlanFolder

if TYPE_CHECKING:
    from posecoach.audio.sounds import Sound
    from posecoach.audio.timing import Segment
    from posecoach.model import Plan, Session

# Long work reports how far it has got: (done, total, what comes next).
Progress = Callable[[int, int, str], None]

MANIFEST = ".posecoach-tracks"
_FORMAT = 1  # the manifest's own version; a digest changes with it


class TrackEntry(NamedTuple):
    """One track the folder holds: the session it follows and how it sounds."""

    session: str
    accent: int
    sound: str
    digest: str = ""


class TracksResult(NamedTuple):
    written: list[Path]  # tracks written now
    unchanged: int  # tracks already current
    notes: list[str]  # tracks removed, and why
    problem: str | None = None  # why no track could be written


def title_slug(title: str) -> str:
    """'Fall drills & hops' -> 'fall-drills-hops': ASCII, lower case, safe in any file system."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.casefold()).strip("-")
    return slug[:60].strip("-") or "session"


def track_stems(plan: Plan) -> dict[str, str]:
    """Each session's track name without its extension: '2027-01-05-fall-drills'.

    Two sessions on one day with the same title get '-2', '-3' in plan order.
    """
    stems: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for session in plan.sessions:
        stem = f"{session.date.isoformat()}-{title_slug(session.title)}"
        seen[stem] += 1
        stems[session.key] = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
    return stems


def audio_folder(folder: PlanFolder) -> Path:
    return folder.file(PlanFolder.AUDIO)


def default_track(folder: PlanFolder, plan: Plan, key: str, suffix: str) -> Path:
    """Where a session's track goes in the folder: audio/2027-01-05-fall-drills.wav."""
    return audio_folder(folder) / f"{track_stems(plan)[key]}{suffix}"


def digest(segments: list[Segment], accent: int, sound: str, suffix: str) -> str:
    """A digest of everything a track's bytes depend on."""
    data = [_FORMAT, [list(s) for s in segments], accent, sound, suffix.casefold()]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def read_manifest(audio: Path) -> dict[str, TrackEntry]:
    """The tracks posecoach wrote in `audio`; none when the manifest is missing or unreadable."""
    from posecoach.audio.sounds import SOUNDS

    try:
        data = json.loads((audio / MANIFEST).read_text(encoding="utf-8"))
        tracks = data["tracks"]
        return {
            name: TrackEntry(str(t["session"]), int(t["accent"]), str(t["sound"]), str(t["digest"]))
            for name, t in tracks.items()
            if isinstance(name, str) and "/" not in name and "\\" not in name
            and not name.startswith(".") and t["sound"] in SOUNDS
        }  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_manifest(audio: Path, entries: dict[str, TrackEntry]) -> None:
    from posecoach.folder.store import write_atomic

    if not entries:
        (audio / MANIFEST).unlink(missing_ok=True)
        return
    tracks = {name: entry._asdict() for name, entry in sorted(entries.items())}
    text = json.dumps({"version": _FORMAT, "tracks": tracks}, indent=1, sort_keys=True)
    write_atomic(audio / MANIFEST, (text + "\n").encode())


def register(folder: PlanFolder, path: Path, entry: TrackEntry) -> None:
    """Add a track just written into the folder's audio/ to the manifest, to keep it current."""
    audio = audio_folder(folder)
    entries = read_manifest(audio)
    entries[path.name] = entry
    write_manifest(audio, entries)


def holds_tracks(folder: PlanFolder) -> bool:
    return (audio_folder(folder) / MANIFEST).is_file()


def _segments(session: Session | None) -> list[Segment] | str:
    """A session's beats, or why it has none."""
    from posecoach.audio.session import NoCadenceTarget, session_segments

    if session is None:
        return "its session is no longer in the plan"
    try:
        segments = session_segments(session)
    except NoCadenceTarget:
        return "the cadence targets have no tempo without a baseline_cadence in the profile"
    if not [s for s in segments if not s.silent]:
        return f"{session.title} has nothing done to the beat now"
    return segments


def update_tracks(
    plan: Plan, folder: PlanFolder, progress: Progress | None = None, add: str | None = None
) -> TracksResult:
    """Bring the folder's tracks in line with `plan`; with `add` (a suffix, '.flac'),
    first give every session done to the beat a track of its own."""
    from posecoach.audio.track import AudioError, Track, write_track

    audio = audio_folder(folder)
    listed = read_manifest(audio)
    sessions = {s.key: s for s in plan.sessions}
    stems = track_stems(plan)
    wanted: dict[str, TrackEntry] = {}
    beats: dict[str, list[Segment]] = {}
    gone: dict[str, list[str]] = {}  # reason -> tracks removed for it
    for name, entry in sorted(listed.items()):
        found = _segments(sessions.get(entry.session))
        if isinstance(found, str):
            gone.setdefault(found, []).append(name)
            continue
        suffix = Path(name).suffix
        target = stems[entry.session] + suffix
        wanted[target] = entry._replace(digest=digest(found, entry.accent, entry.sound, suffix))
        beats[target] = found
    notes = [_removed(names, reason) for reason, names in gone.items()]
    problem = None
    if add is not None:
        for session in plan.sessions:
            if not any(item.cadence for item in session.items):
                continue
            found = _segments(session)
            if isinstance(found, str):
                if session.cadence is not None and session.cadence.spm is None:
                    problem = "the cadence targets need a baseline_cadence in the profile"
                    break
                continue
            target = stems[session.key] + add
            if target not in wanted:
                wanted[target] = TrackEntry(session.key, 2, "click", digest(found, 2, "click", add))
                beats[target] = found
        notes += _retire_key_names(plan, audio, listed)
    due = [
        name for name, entry in wanted.items()
        if listed.get(name) != entry or not (audio / name).is_file()
    ]  # fmt: skip
    written: list[Path] = []
    if due:
        audio.mkdir(parents=True, exist_ok=True)
        clear_track_leftovers(audio)
    # Each track lands whole (written beside it, then renamed) and is listed at once:
    # a run stopped half-way leaves complete tracks the next run keeps, never a part.
    kept = dict(listed)
    for done, name in enumerate(due):
        if progress is not None:
            progress(done, len(due), name)
        entry = wanted[name]
        track = Track(beats[name], entry.accent, cast("Sound", entry.sound))
        try:
            written.append(write_track(track, audio / name))
        except AudioError as error:
            raise UsageError(str(error)) from None
        kept[name] = entry
        write_manifest(audio, kept)
    if progress is not None and due:
        progress(len(due), len(due), "")
    for name in sorted(set(listed) - set(wanted)):
        (audio / name).unlink(missing_ok=True)
    if listed or wanted:
        write_manifest(audio, wanted)
    return TracksResult(written, len(wanted) - len(due), notes, problem)


def clear_track_leftovers(audio: Path) -> None:
    """Remove the partial tracks (`.NAME.PID.tmp`) of writers killed before they finished."""
    from posecoach.audio.track import FORMATS
    from posecoach.folder.store import clear_leftovers

    for leftover in audio.glob(".*.tmp"):
        name, _, _pid = leftover.name[1 : -len(".tmp")].rpartition(".")
        if Path(name).suffix.casefold() in FORMATS:
            clear_leftovers(audio, f".{name}.")


def preferred_suffix() -> str:
    """FLAC when the audio extra is installed (small, and phones play it), else WAV."""
    try:
        import soundfile  # noqa: F401
    except ImportError:
        return ".wav"
    return ".flac"


def _removed(names: list[str], reason: str) -> str:
    listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    count = f"{len(names)} click tracks" if len(names) > 1 else "a click track"
    return f"removed {count} from {PlanFolder.AUDIO}/ ({listed}): {reason}"


def _retire_key_names(plan: Plan, audio: Path, listed: dict[str, TrackEntry]) -> list[str]:
    """Remove tracks an earlier version named by session key (runner-w01-s1.flac)."""
    old = [
        audio / f"{session.key}{suffix}"
        for session in plan.sessions
        for suffix in (".wav", ".flac")
        if f"{session.key}{suffix}" not in listed and (audio / f"{session.key}{suffix}").is_file()
    ]
    for path in old:
        path.unlink()
    if not old:
        return []
    from posecoach.render.text import counted

    removed = counted(len(old), "click track")
    return [f"removed {removed} named by session key: now named by date and title"]
