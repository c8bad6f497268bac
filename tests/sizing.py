"""How hard the randomised tests push: a quick run by default, a soak on request.

`pytest --soak` (or POSECOACH_SOAK=1) runs the property tests, fuzzing and kill
tests at the sizes a long soak wants; without it they run at sizes that keep the
README's test command quick, with every assertion the same. CI runs both: the
quick suite, then the soak-marked tests with --soak on a bounded budget.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def soaking() -> bool:
    return os.environ.get("POSECOACH_SOAK", "") not in ("", "0")


def scaled(quick: int, soak: int) -> int:
    """`quick` in an ordinary run, `soak` in a soak run."""
    return soak if soaking() else quick


def examples(quick: int, soak: int) -> settings:
    """Hypothesis settings with a run-dependent number of examples and no deadline
    (a deadline measures the machine, not the code)."""
    return settings(
        max_examples=scaled(quick, soak),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
