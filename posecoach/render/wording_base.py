"""What every wording module shares: region and injury names, lists, days, numbers
and counts as a runner reads them, in the language in force (posecoach.i18n).

Names are said in the nominative: Polish sentences that name a region put it
where the nominative reads well ("Łydka: ...", "ból 6 (łydka)")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from posecoach import i18n
from posecoach.i18n import N_, _, ngettext, pgettext
from posecoach.model.plan import Param
from posecoach.render.text import day_in_sentence, number

Params = dict[str, Param]

REGION_NAMES = {
    "foot": N_("foot"),
    "foot-bones": N_("top of the foot"),
    "plantar-fascia": N_("sole of the foot"),
    "heel": N_("heel"),
    "ankle": N_("ankle"),
    "achilles": N_("Achilles"),
    "calf": N_("calf"),
    "shin": N_("shin"),
    "knee": N_("knee"),
    "hamstring": N_("hamstring"),
    "quadriceps": N_("quadriceps"),
    "hip": N_("hip"),
    "glutes": N_("glutes"),
    "lower-back": N_("lower back"),
    "core": N_("core"),
}

KINDS = {
    "tendinopathy": N_("tendinopathy"),
    "bone-stress": N_("bone stress injury"),
    "plantar-fasciitis": N_("plantar fasciitis"),
    "strain": N_("strain"),
    "other": N_("injury"),
}

# A session's blocks, as the drill tables name them.
BLOCK_NAMES = {
    "warm-up": N_("warm-up"),
    "drills": N_("drills"),
    "running": N_("running"),
    "strength": N_("strength"),
    "mobility": N_("mobility"),
}


def element(name: str) -> str:
    """A drill's element: its key in English (as a curriculum file writes it), its
    name in another language ('fall': 'opadanie')."""
    if i18n.language() == i18n.DEFAULT:
        return name
    names = {
        "pose": pgettext("element", "pose"),
        "fall": pgettext("element", "fall"),
        "pull": pgettext("element", "pull"),
        "integration": pgettext("element", "integration"),
        "strength": pgettext("element", "strength"),
        "stability": pgettext("element", "stability"),
        "mobility": pgettext("element", "mobility"),
        "running": pgettext("element", "running"),
    }
    return names.get(name, name)


def session_kind(kind: str) -> str:
    """A session's kind as a calendar's category: 'technique', 'strength', 'run',
    'mobility' in English, the runner's words in another language."""
    names = {
        "technique": pgettext("session kind", "technique"),
        "strength": pgettext("session kind", "strength"),
        "run": pgettext("session kind", "run"),
        "mobility": pgettext("session kind", "mobility"),
    }
    return names.get(kind, kind)


def block(name: str) -> str:
    found = BLOCK_NAMES.get(name)
    return _(found) if found is not None else name


def region(name: object) -> str:
    found = REGION_NAMES.get(str(name))
    return _(found) if found is not None else str(name)


def _regions(names: object) -> str:
    listed = [region(n) for n in _list(names)]
    return _and(listed) if listed else _("whole body")


def _list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    # Translators: the last two of a list: "calf and Achilles", "łydka i ścięgno Achillesa".
    return _("%(most)s and %(last)s") % {"most": ", ".join(words[:-1]), "last": words[-1]}


def _day(value: object) -> str:
    return day_in_sentence(date.fromisoformat(str(value))) if value else ""


def _num(value: object) -> str:
    return number(value) if isinstance(value, int | float) else str(value)


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _weeks(count: object) -> str:
    """'1 week', '2 weeks'; '1 tydzień', '2 tygodnie', '5 tygodni'."""
    n = _count(count)
    return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": count}
