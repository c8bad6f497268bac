"""The one place that knows where the shipped curricula and templates live.

In an installed wheel they sit inside the package (posecoach/_data/...); in a
checkout or an editable install they are the top-level folders of the repo.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"posecoach is installed without its {name}/ folder")


@cache
def curricula_dir() -> Path:
    return _data_dir("curricula")


@cache
def templates_dir() -> Path:
    return _data_dir("templates")


RULES_FILE = "progression-rules.yaml"
DEFAULT_PROFILE_FILE = "default-profile.yaml"
DEFAULT_CURRICULUM = "pose-transition"
SOURCES_FILE = "sources.yaml"  # the bibliography (posecoach.sources)


def builtin_curricula() -> dict[str, Path]:
    """Built-in curricula by id (the file name without .yaml)."""
    skip = {RULES_FILE, DEFAULT_PROFILE_FILE, SOURCES_FILE}
    return {
        path.stem: path for path in sorted(curricula_dir().glob("*.yaml")) if path.name not in skip
    }


def rules_file() -> Path:
    return curricula_dir() / RULES_FILE


def default_profile_file() -> Path:
    return curricula_dir() / DEFAULT_PROFILE_FILE
