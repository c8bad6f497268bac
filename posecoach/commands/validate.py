"""Checking files without writing anything: each file's kind, told by its name and
keys (or chosen), and every problem with it.

Every kind of file posecoach reads is known: a profile, a curriculum, progression
rules, the bibliography (curricula/sources.yaml), a coach's squad.yaml and an
athlete's file beside it (checked merged with the squad's defaults, as
`squad plan` reads it).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from posecoach import loaders
from posecoach.errors import PosecoachError, UsageError, did_you_mean

KINDS = ("profile", "curriculum", "rules", "bibliography", "squad", "athlete")


class FileCheck(NamedTuple):
    path: Path
    kind: str  # the kind it was checked as
    problem: PosecoachError | None  # None: valid


def _squad_kind(path: Path) -> str | None:
    if path.name == "squad.yaml":
        return "squad"
    if path.parent.name == "athletes" and (path.parent.parent / "squad.yaml").is_file():
        return "athlete"
    return None


def _check(path: Path, kind: str | None, its_language: bool = False) -> str:
    """Check one file; return the kind it was checked as, or raise its problems."""
    from posecoach.squad.athlete import load_athlete
    from posecoach.squad.folder import SquadFolder, read_squad

    kind = kind or _squad_kind(path)
    if kind == "squad":
        if path.name != "squad.yaml":
            raise UsageError(f"{path}: a squad file is named squad.yaml", "rename it")
        read_squad(SquadFolder(path.parent))
        return kind
    if kind == "athlete":
        folder = SquadFolder(path.parent.parent)
        if path.parent.name != "athletes" or not folder.squad_file.is_file():
            raise UsageError(
                f"{path}: an athlete's file is read with its squad's defaults",
                "keep it in the athletes/ folder beside squad.yaml",
            )
        load_athlete(read_squad(folder), folder, path.stem)
        return kind
    return loaders.load_any(path, kind, its_language=its_language)


def check_files(
    paths: list[Path], kind: str | None = None, *, its_language: bool = False
) -> list[FileCheck]:
    """Each file checked as `kind`, or as the kind its name and keys tell; with
    `its_language`, a profile's problems in the language it asks for (loaders.load_profile)."""
    if kind is not None and kind not in KINDS:
        raise UsageError(
            f"{kind!r} is not a kind of file posecoach reads",
            did_you_mean(kind, KINDS) or f"one of {', '.join(KINDS)}",
            field="kind",
        )
    checks = []
    for path in paths:
        guess = kind or _squad_kind(path)
        if guess is None:
            try:
                guess = loaders.kind_of(loaders.read_document(path))
            except PosecoachError as error:
                checks.append(FileCheck(path, "file", error))
                continue
        try:
            checks.append(FileCheck(path, _check(path, guess, its_language), None))
        except PosecoachError as error:
            checks.append(FileCheck(path, guess, error))
    return checks
