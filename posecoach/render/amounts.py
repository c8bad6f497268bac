"""Doses, run/walk repeats and cadence targets as a runner reads them, in the
language in force: "3 × 10 per side", "4 × (1 min run / 1 min walk)", "+5% over
your easy cadence". The plan's models keep the numbers; the words are here.
"""

from __future__ import annotations

from posecoach.i18n import _, ngettext
from posecoach.model.plan import CadenceTarget, Item, Prescription, RunWalk
from posecoach.render.text import number


def _minutes(value: float) -> str:
    if value < 1:
        return _("%(seconds)s s") % {"seconds": round(value * 60)}
    return _("%(minutes)s min") % {"minutes": number(value)}


def amount(dose: Prescription) -> str:
    """'3 × 10 per side': what to count, without the note."""
    if dose.reps is not None:
        counted = f"{dose.reps}"
    elif dose.seconds is not None:
        counted = _("%(seconds)s s") % {"seconds": dose.seconds}
    elif dose.metres is not None:
        counted = _("%(metres)s m") % {"metres": dose.metres}
    else:
        counted = _("%(minutes)s min") % {"minutes": number(dose.minutes or 0)}
    if dose.sets > 1:
        said = f"{dose.sets} × {counted}"
    elif dose.reps is not None:  # a bare "20" reads as nothing in particular
        said = ngettext("%(count)s rep", "%(count)s reps", dose.reps) % {"count": dose.reps}
    else:
        said = counted
    return _("%(amount)s per side") % {"amount": said} if dose.per_side else said


def prescription(dose: Prescription) -> str:
    return f"{amount(dose)} ({dose.note})" if dose.note else amount(dose)


def run_walk(run: RunWalk) -> str:
    """'4 × (1 min run / 1 min walk), then 2 min run'."""
    if run.walk_minutes == 0:
        return _("%(minutes)s continuous") % {"minutes": _minutes(run.running_minutes)}
    said = _("%(repeats)s × (%(run)s run / %(walk)s walk)") % {
        "repeats": run.repeats,
        "run": _minutes(run.run_minutes),
        "walk": _minutes(run.walk_minutes),
    }
    if run.final_run_minutes:
        said += _(", then %(run)s run") % {"run": _minutes(run.final_run_minutes)}
    return said


def dose(item: Item) -> str:
    """The item's dose with its note, or its run/walk."""
    if item.run is not None:
        return run_walk(item.run)
    assert item.dose is not None
    return prescription(item.dose)


def cadence(target: CadenceTarget) -> str:
    """'172 spm (+5%)', '+5% over your easy cadence', 'baseline (164 spm)'."""
    if target.step == 0:
        if target.spm:
            return _("baseline (%(spm)s spm)") % {"spm": target.spm}
        return _("your own easy cadence")
    rise = f"+{number(target.percent)}%"
    if target.spm:
        said = _("%(spm)s spm (%(rise)s)") % {"spm": target.spm, "rise": rise}
    else:
        said = _("%(rise)s over your easy cadence") % {"rise": rise}
    if target.provisional:
        if target.waits_for:
            said += ngettext(
                ", once %(count)s check-in in a row is on target",
                ", once %(count)s check-ins in a row are on target",
                target.waits_for,
            ) % {"count": target.waits_for}
        else:
            said += _(", once check-ins are on target")
    return said
