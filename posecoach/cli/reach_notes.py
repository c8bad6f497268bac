"""What `posecoach serve` says at its start about who can reach it: the notes that
say where a phone can (or cannot) open the addresses printed, and the warning that
plain HTTP on a network is open to anyone on it with a plan's address."""

from __future__ import annotations

from posecoach.feed.reach import WILDCARDS, Reach
from posecoach.i18n import _


def reach_notes(where: Reach, host: str, public_url: str | None) -> list[str]:
    """Lines for stdout, after the addresses."""
    if public_url is not None:
        return []  # the addresses printed are the proxy's: they work from anywhere
    if where.this_computer_only:
        wifi = _("To try the page from a phone on the same Wi-Fi: %(command)s")
        anywhere = _(
            "For phones anywhere: put HTTPS in front (a reverse proxy such as Caddy or"
            " nginx), then pass %(flag)s"
        )
        return [
            _("These addresses work on this computer only: a phone cannot reach them."),
            "  " + wifi % {"command": "posecoach serve --host 0.0.0.0"},
            "  " + anywhere % {"flag": "--public-url HOST"},
        ]
    if not where.network:
        none = _(
            "No network address of this computer was found for %(flag)s: the"
            " addresses above work on this computer only. Is it on the Wi-Fi?"
        )
        return [none % {"flag": f"--host {host}"}]
    return [
        _(
            "A phone on the same Wi-Fi opens the page at the address above (send it to"
            " yourself, by email or a message: it is long to type). The page's Subscribe"
            " links add the calendar; it updates only while the phone is on this network."
        ),
    ]


def reach_warnings(where: Reach, host: str, public_url: str | None) -> list[str]:
    """Lines for stderr: what serving beyond this computer means for safety."""
    if where.this_computer_only:
        return []
    serves = (
        _("%(flag)s serves plain HTTP to every network this computer is on.")
        if host in WILDCARDS
        else _("%(flag)s serves plain HTTP to the network %(host)s is on.")
    )
    anyone = _(
        "Anyone there who has a plan's address (it holds the plan's secret token) can read"
        " that plan and check in for it, and on a shared or open Wi-Fi others can see the"
        " address go by."
    )
    then = (
        _(
            "Beside your HTTPS proxy, anyone there can reach it without HTTPS (when the proxy"
            " runs on this computer, leave --host at 127.0.0.1)."
        )
        if public_url
        else _(
            "Use it to try the page on your own Wi-Fi; for every day, put HTTPS in front"
            " and pass --public-url."
        )
    )
    return [" ".join([serves % {"flag": f"--host {host}", "host": host}, anyone, then])]
