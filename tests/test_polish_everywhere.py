"""The leak test of issue 28's acceptance: with `--lang pl`, every command a runner
uses, typed as they type it, and every file of the plan folder, say no English
sentence.

Two detectors, each reported on its own: the catalogue's English (tests/leaks.py:
a msgid's text of three words or more, left untranslated) and English prose the
catalogue does not know (a string never marked for translation, which the first
cannot see: four words in a row with two of English's commonest words among them).
Every leak of every command is gathered first and reported in one assertion,
grouped by command, so one run says everything still to translate.

The tests after it hold this branch's own layers (activity files, the plan folder,
the metronome's audio, the engine's refusals) to Polish on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from leaks import english, leaks
from typer.main import get_command
from typer.testing import CliRunner

from posecoach import i18n
from posecoach.cli import app
from posecoach.sources import bibliography

DATA = Path(__file__).parent / "data"
ACTIVITIES = DATA / "activities"
START = "2027-01-04"  # a Monday; the tests' clock (conftest) is late in 2027

# English's commonest words that are not also Polish words ("a", "i", "to", "do", "by",
# "was", "no", "on" are both): two of them in four words in a row is an English sentence.
_ENGLISH_WORDS = frozenset({
    "the", "is", "are", "were", "be", "been", "an", "and", "of", "your", "you", "it", "its",
    "not", "with", "for", "this", "that", "these", "from", "at", "has", "have", "had", "can",
    "will", "which", "when", "there", "into", "than", "then", "they", "their", "them", "what",
    "who", "how", "does", "did", "more", "less", "only", "each", "every",
})  # fmt: skip
_RUN = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _published() -> list[str]:
    """The works' titles, venues and authors, which stay as published in every
    language (and the sources command lists them)."""
    found = []
    for reference in bibliography().references.values():
        found += [reference.title, reference.venue, reference.authors]
    return sorted({" ".join(text.split()) for text in found}, key=len, reverse=True)


def english_prose(text: str) -> list[str]:
    """Runs of four or more words with two of English's commonest words among them,
    outside the works' own titles."""
    shown = " ".join(text.split())
    for passage in _published():
        shown = shown.replace(passage, " ")
    found: list[str] = []
    for line in re.split(r"[\n.;:!?()\[\]{}|<>\"]+", shown):
        words = line.split()
        start = 0
        while start < len(words):
            run = []
            at = start
            while at < len(words) and _WORD.fullmatch(words[at].strip(",")):
                run.append(words[at].strip(","))
                at += 1
            common = sum(word.casefold() in _ENGLISH_WORDS for word in run)
            if len(run) >= _RUN and common >= 2:
                found.append(" ".join(run))
            start = at + 1
    return found


def _command_names() -> set[str]:
    names: set[str] = set()

    def walk(command: object) -> None:
        for name, sub in (getattr(command, "commands", None) or {}).items():
            names.add(name)
            walk(sub)

    walk(get_command(app))
    return names


def _typed(piece: str, commands: set[str]) -> bool:
    """Whether a catalogue piece is a command as typed ('posecoach plan --start'): the
    same in every language, so never a leak."""
    first, *rest = piece.split()
    return first == "posecoach" and all(
        word in commands or word.startswith(("-", "{")) or word.isupper() for word in rest
    )


class Report:
    """Every leak found, by what said it."""

    def __init__(self) -> None:
        self.known = english()
        self.commands = _command_names()
        self.found: dict[str, list[str]] = {}

    def check(self, where: str, text: str, kind: str = "text") -> None:
        # A line that is a command to type (a help's examples, `pip install ...`) is
        # typed the same in every language.
        text = "\n".join(
            line for line in text.splitlines()
            if not line.lstrip().startswith(("posecoach ", "pip install "))
        )  # fmt: skip
        pieces = [p for p in leaks(text, self.known, kind) if not _typed(p, self.commands)]
        caught = [f"catalogue: {piece!r}" for piece in pieces]
        shown = _readable(text, kind)
        for piece in pieces:  # said once: the prose around a catalogue piece is that piece
            shown = shown.replace(piece, " | ")
        prose = english_prose(shown)
        caught += [f"unmarked: {run!r}" for run in dict.fromkeys(prose)]
        if caught:
            self.found.setdefault(where, []).extend(caught)

    def failed(self, where: str, why: str) -> None:
        self.found.setdefault(where, []).append(why)

    def message(self) -> str:
        lines = [f"English in Polish output, in {len(self.found)} places:"]
        for where, caught in self.found.items():
            lines.append(f"== {where}")
            lines += [f"   {item}" for item in caught]
        return "\n".join(lines)


def _readable(text: str, kind: str) -> str:
    from leaks import readable

    return readable(text, kind)


def _run(
    runner: CliRunner, report: Report, name: str, args: list[str], codes: tuple[int, ...] = (0,)
) -> str:
    result = runner.invoke(app, [*args, "--lang", "pl"])
    said = result.stdout + result.stderr
    if result.exit_code not in codes:
        tail = said.strip().splitlines()[-1:] or [repr(result.exception)]
        report.failed(name, f"exit code {result.exit_code}, expected {codes}: {tail[0]}")
    report.check(name, said)
    return said


def _commands(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and group of the tree, root first."""
    yield path
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        if not getattr(sub, "hidden", False):
            yield from _commands(sub, (*path, name))


BROKEN_PROFILE = """\
name: Ola
timezone: Europe/Nowhere
days: {Mon: "25:00"}
sessions_per_week: nine
background: sometimes
weekly_volume: -3
"""


# plan.yaml: the plan's data, the same in every language by design.
KEPT_AS_SHIPPED = ("plan.yaml",)


def _folder_files(folder: Path) -> Iterator[tuple[str, Path, str]]:
    """The plan folder's files a runner reads: every one but plan.yaml (the plan's
    data, the same in every language by design) and posecoach's own bookkeeping."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name in KEPT_AS_SHIPPED:
            continue
        kind = {".html": "html", ".ics": "ics"}.get(path.suffix, "text")
        if path.suffix in (".md", ".html", ".ics", ".yaml", ".txt", ".json"):
            yield str(path.relative_to(folder)), path, kind


def test_no_english_in_anything_a_runner_reads_in_polish(runner: CliRunner, tmp_path: Path) -> None:
    report = Report()
    out = tmp_path / "plan"
    folder = ["--dir", str(out)]
    _run(runner, report, "plan", ["plan", "--start", START, "--out", str(out)])
    _run(runner, report, "show", ["show", *folder])
    _run(runner, report, "show --week 2", ["show", "--week", "2", *folder])
    _run(runner, report, "today", ["today", *folder])
    _run(runner, report, "checkin (typed)",
         ["checkin", *folder, "--date", "2027-01-05", "--cadence", "166", "--rpe", "5",
          "--pain", "3", "--where", "calf"])  # fmt: skip
    _run(runner, report, "checkin --from (a run)",
         ["checkin", *folder, "--from", str(ACTIVITIES / "garmin-fenix-5-run.fit"),
          "--date", "2027-01-07"])  # fmt: skip
    _run(runner, report, "checkin --from (a triathlon, indoors)",
         ["checkin", *folder, "--from", str(ACTIVITIES / "generated" / "fit-tool-triathlon.fit"),
          "--date", "2027-01-09"])  # fmt: skip
    _run(runner, report, "checkin --from (a ride: refused)",
         ["checkin", *folder, "--from", str(ACTIVITIES / "cycling-garmin-connect.gpx"),
          "--date", "2027-01-12"], codes=(2,))  # fmt: skip
    _run(runner, report, "checkin --missed",
         ["checkin", *folder, "--date", "2027-01-12", "--missed"])  # fmt: skip
    _run(runner, report, "checkin --from (rated on the watch)",
         ["checkin", *folder, "--from", str(ACTIVITIES / "generated" / "fit-tool-rated-run.fit"),
          "--date", "2027-01-14"])  # fmt: skip
    _run(runner, report, "checkins", ["checkins", *folder])
    _run(runner, report, "progress", ["progress", *folder])
    _run(runner, report, "explain", ["explain", *folder])
    _run(runner, report, "sheet", ["sheet", "--week", "2", *folder])
    _run(runner, report, "drills", ["drills"])
    _run(runner, report, "drills ID", ["drills", "body-weight-perception"])
    _run(runner, report, "curricula", ["curricula"])
    _run(runner, report, "sources", ["sources"])
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_PROFILE)
    _run(runner, report, "validate (a broken profile)", ["validate", str(broken)], codes=(2,))
    started = tmp_path / "profile.yaml"
    _run(runner, report, "init (no questions)",
         ["init", "--out", str(started), "--name", "Ola", "--no-interactive"])  # fmt: skip
    if started.is_file():
        report.check("init: profile.yaml", started.read_text(encoding="utf-8"))
    squad = tmp_path / "squad"
    _run(runner, report, "squad init", ["squad", "init", str(squad)])
    _run(runner, report, "squad plan", ["squad", "plan", str(squad)])
    _run(runner, report, "squad status", ["squad", "status", str(squad), "--date", "2027-01-14"])
    if (squad / "squad.html").is_file():
        report.check("squad.html", (squad / "squad.html").read_text(encoding="utf-8"), "html")
    for words in _commands(get_command(app)):
        _run(runner, report, f"{' '.join(('posecoach', *words))} --help", [*words, "--help"])
    for name, path, kind in _folder_files(out):
        report.check(f"plan folder: {name}", path.read_text(encoding="utf-8"), kind)
    assert not report.found, report.message()


# ------------------------------------------------------------------ this branch's layers


@pytest.fixture
def polish_plan(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "plan"
    result = runner.invoke(app, ["plan", "--start", START, "--out", str(out), "--lang", "pl"])
    assert result.exit_code == 0, result.stderr
    return out


def _said(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--lang", "pl"])
    return result.exit_code, result.stdout + result.stderr


def _no_catalogue_english(text: str) -> None:
    assert not leaks(text, english()), text


@pytest.mark.parametrize(
    ("name", "polish"),
    [
        ("cycling-garmin-connect.gpx", "to jazda na rowerze, nie bieg"),
        ("cycling-garmin-connect.tcx", "to jazda na rowerze, nie bieg"),
        ("garmin-fenix-5-bike.fit", "to jazda na rowerze, nie bieg"),
    ],
)
def test_a_ride_is_refused_in_polish(
    runner: CliRunner, polish_plan: Path, name: str, polish: str
) -> None:
    code, said = _said(
        runner, "checkin", "--dir", str(polish_plan), "--from", str(ACTIVITIES / name),
        "--date", "2027-01-07",
    )  # fmt: skip
    assert code == 2
    assert polish in said
    _no_catalogue_english(said)


def test_a_files_legs_and_warnings_in_polish(runner: CliRunner, polish_plan: Path) -> None:
    triathlon = ACTIVITIES / "generated" / "fit-tool-triathlon.fit"
    code, said = _said(
        runner, "checkin", "--dir", str(polish_plan), "--from", str(triathlon),
        "--date", "2027-01-09",
    )  # fmt: skip
    assert code == 0, said
    assert "pływanie, jazda na rowerze i bieg; do wpisu: bieg, 20 min" in said


def test_damaged_activity_files_in_polish(runner: CliRunner, polish_plan: Path) -> None:
    folder = polish_plan.parent
    cases = {
        "cut.gpx": (b'<?xml version="1.0"?><gpx><trk><trkseg><trkpt', "jest uszkodzony lub urwany"),
        "route.gpx": (b'<?xml version="1.0"?><gpx><rte><rtept lat="1" lon="1"/></rte></gpx>',
                      "zaplanowana trasa, a nie zapisany trening"),
        "notes.txt": (b"hello", "posecoach czyta pliki .fit, .tcx i .gpx"),
        "empty.fit": (b"not a fit file at all", "to nie plik FIT"),
    }  # fmt: skip
    for name, (data, polish) in cases.items():
        path = folder / name
        path.write_bytes(data)
        code, said = _said(
            runner, "checkin", "--dir", str(polish_plan), "--from", str(path),
            "--date", "2027-01-07",
        )  # fmt: skip
        assert code == 2, said
        assert polish in said, said
        _no_catalogue_english(said)


def test_the_plan_folder_speaks_polish_when_it_cannot_be_used(
    runner: CliRunner, polish_plan: Path, tmp_path: Path
) -> None:
    from posecoach.folder.plan_folder import DamagedPlanError, PlanFolder
    from posecoach.folder.snapshot import Snapshot

    code, said = _said(runner, "show", "--dir", str(tmp_path / "nowhere"))
    assert code == 2
    assert "nie ma takiego folderu, więc nie ma w nim jeszcze planu" in said, said
    (polish_plan / "plan.yaml").write_text("weeks: [unclosed\n")
    with i18n.use("pl"), pytest.raises(DamagedPlanError) as damaged:
        Snapshot(PlanFolder(polish_plan)).header()
    said = damaged.value.worded()
    assert "plik planu jest uszkodzony: to nie poprawny YAML (wiersz" in said, said
    assert "zbuduj go od nowa z profilu i wpisów w folderze" in said
    _no_catalogue_english(said)
    code, said = _said(runner, "show", "--dir", str(polish_plan))  # rebuilt, and said why
    assert "plan.yaml: treść inna niż zapisana" in said, said
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    from posecoach.errors import UsageError
    from posecoach.folder.store import prepare_folder

    with i18n.use("pl"), pytest.raises(UsageError, match="istnieje i nie jest folderem"):
        prepare_folder(a_file)


def test_an_unreadable_check_in_line_is_skipped_in_polish(
    runner: CliRunner, polish_plan: Path
) -> None:
    (polish_plan / "checkins.jsonl").write_text("{broken\n")
    _code, said = _said(runner, "checkins", "--dir", str(polish_plan))
    assert "checkins.jsonl:1: nieczytelny wpis; pominięty" in said, said


def test_the_systems_reason_in_polish_and_english(tmp_path: Path) -> None:
    """A full disk or a refused write: the system's own words are English whatever
    the runner reads; posecoach says the common ones in the runner's language."""
    import errno

    from posecoach.folder.store import reason

    full = OSError(errno.ENOSPC, "No space left on device")
    odd = OSError(errno.ENOLINK, "Link has been severed")
    with i18n.use("pl"):
        assert reason(full) == "brak miejsca na dysku"
        assert reason(odd) == "Link has been severed"  # none of ours: as the system says
    with i18n.use("en"):
        assert reason(full) == "No space left on device"


def test_a_plan_of_another_length_is_titled_in_polish(runner: CliRunner, tmp_path: Path) -> None:
    """plan.yaml keeps the English title; the Polish plan says its own length with the
    catalogue's plural forms."""
    out = tmp_path / "plan"
    result = runner.invoke(
        app, ["plan", "--start", START, "--weeks", "8", "--out", str(out), "--lang", "pl"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Przejście na metodę Pose, 8 tygodni" in (out / "plan.md").read_text()
    assert "Pose Method transition, 8 weeks" in (out / "plan.yaml").read_text()


def test_a_plan_length_or_date_out_of_bounds_in_polish(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "plan")
    code, said = _said(runner, "plan", "--weeks", "99", "--out", out)
    assert code == 2
    assert "program pose-transition trwa od 8 do 16 tygodni, nie 99" in said, said
    code, said = _said(runner, "plan", "--start", "2099-12-20", "--out", out)
    assert code == 2
    assert "skończyłby się po 2099-12-31" in said, said
    code, said = _said(runner, "plan", "--start", "1999-12-20", "--out", out)
    assert "plan nie może zacząć się 1999-12-20" in said, said


def test_audio_errors_in_polish(tmp_path: Path) -> None:
    from posecoach.audio.track import AudioError, Track, write_track

    with i18n.use("pl"), pytest.raises(AudioError, match=r"zapisz jako \.wav"):
        write_track(Track(segments=[]), tmp_path / "clicks.aiff")
    assert not (tmp_path / "clicks.aiff").exists()
