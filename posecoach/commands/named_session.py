"""A session the runner names by its key, for every command that takes `--session`."""

from __future__ import annotations

from posecoach.errors import UsageError, did_you_mean
from posecoach.i18n import _
from posecoach.model import Plan, Session


def named_session(plan: Plan, key: str) -> Session:
    """The session of `plan` keyed `key`; else a usage error naming the nearest key."""
    keys = [s.key for s in plan.sessions]
    if key not in keys:
        raise UsageError(
            _("the plan has no session %(key)r") % {"key": key},
            did_you_mean(key, keys) or _("`posecoach show {week} N` lists the keys"),
            field="session",
        )
    return plan.session(key)
