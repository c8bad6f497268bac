"""Body regions as a runner types them: the ids (`achilles`, `lower-back`) in any
language, and in Polish the names a runner or a physiotherapist uses for them
('kolano', 'ścięgno Achillesa', 'rozcięgno podeszwowe'), with or without Polish
letters. The ids stay the data: a name is only ever read into its id."""

from __future__ import annotations

import unicodedata
from functools import cache

from posecoach.model.values import REGIONS

# Polish names of each region: the one the plan shows first (render/wording_base.py's
# translations), then the other names in common use.
POLISH: dict[str, tuple[str, ...]] = {
    "foot": ("stopa", "stopy", "śródstopie"),
    "foot-bones": ("grzbiet stopy", "kości stopy", "kości śródstopia"),
    "plantar-fascia": (
        "powięź podeszwowa", "rozcięgno podeszwowe", "podeszwa stopy", "podeszwa",
    ),
    "heel": ("pięta", "pięty"),
    "ankle": ("kostka", "staw skokowy", "kostki"),
    "achilles": ("ścięgno Achillesa", "achilles", "ścięgno piętowe"),
    "calf": ("łydka", "łydki"),
    "shin": ("goleń", "piszczel", "kość piszczelowa", "golenie"),
    "knee": ("kolano", "kolana"),
    "hamstring": ("tył uda", "mięśnie kulszowo-goleniowe", "dwugłowy uda"),
    "quadriceps": ("przód uda", "czworogłowy", "mięsień czworogłowy uda"),
    "hip": ("biodro", "biodra"),
    "glutes": ("pośladki", "pośladek"),
    "lower-back": ("dolny odcinek pleców", "lędźwie", "odcinek lędźwiowy", "krzyż"),
    "core": ("mięśnie tułowia", "brzuch", "tułów"),
}  # fmt: skip


def _key(text: str) -> str:
    """What two spellings of one name share: case, spaces, hyphens and Polish letters
    aside ('Ścięgno  Achillesa' and 'sciegno-achillesa')."""
    words = text.casefold().replace("-", " ").replace("_", " ").split()
    plain = unicodedata.normalize("NFKD", " ".join(words).replace("ł", "l"))
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def _names() -> dict[str, str]:
    known = {_key(region): region for region in REGIONS}
    for region, names in POLISH.items():
        for name in names:
            known.setdefault(_key(name), region)
    return known


def region_id(text: str) -> str | None:
    """The region `text` names (an id, or a Polish name); None when it names none."""
    return _names().get(_key(text))


def polish_names() -> list[str]:
    """Each region's first Polish name, in the ids' order (for a hint that lists them)."""
    return [POLISH[region][0] for region in REGIONS]
