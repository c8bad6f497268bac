"""posecoach feed token, serve, publish and sync caldav: the plan on a phone's calendar."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from posecoach.cli import (
    FolderOption,
    app,
    examples,
    flag_names,
    now,
    plan_folder,
    rebuild_folder,
    reports_errors,
    system_zone,
)
from posecoach.errors import UsageError
from posecoach.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.squad.serving import SquadFeeds

feed_app = typer.Typer(
    help=N_("The calendar feed's secret token."), no_args_is_help=True, rich_markup_mode=None
)
sync_app = typer.Typer(
    help=N_("Push the plan into a calendar server."), no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(feed_app, name="feed")
app.add_typer(sync_app, name="sync")

FoldersArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help=N_("Plan folders (default: the one you are in or above, else ./posecoach-plan)."),
        show_default=False,
    ),
]
ServedArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help=(
            N_(
                "Plan folders or squad folders (default: the squad or plan you are in, else"
                " ./posecoach-plan)."
            )
        ),
        show_default=False,
    ),
]
PublicUrlOption = Annotated[
    str | None,
    typer.Option("--public-url", help=N_("The HTTPS host subscribers reach (behind a proxy).")),
]


def _folders(given: list[Path] | None) -> list[PlanFolder]:
    return [plan_folder(path).folder for path in given] if given else [plan_folder(None).folder]


def _public_url(folder: PlanFolder) -> str | None:
    """The public address the plan's profile says its pages are reached at, if any."""
    from posecoach.folder.snapshot import Snapshot

    profile = Snapshot(folder).profile()
    return None if profile is None else profile.calendar.public_url


def _links_to_pages(folder: PlanFolder) -> bool:
    """Whether the plan's calendar events link to their check-in pages (its profile
    gives the public address they are reached at)."""
    return _public_url(folder) is not None


@feed_app.command(
    "token",
    epilog=examples(
        "posecoach feed token",
        "posecoach feed token --public-url coach.example.org",
        "posecoach feed token --rotate",
    ),
)
@reports_errors
def feed_token(
    folder: FolderOption = None,
    rotate: Annotated[
        bool, typer.Option("--rotate", help=N_("Replace it: the old address stops."))
    ] = False,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help=N_(
                "The HTTPS host the feed is served at (default: the profile's"
                " calendar.public_url), to print its full addresses."
            ),
        ),
    ] = None,
) -> None:
    """Show the plan's secret feed token (made on first use), or replace it.

    With a public address (the profile's `calendar: {public_url: HOST}`, or
    --public-url) it prints the calendar's full addresses, https:// and webcal://,
    and the check-in page's; without one, the calendar's path under the server.
    """
    from posecoach.feed.serve import Feed, addresses
    from posecoach.folder.tokens import ensure_token, new_token, read_token

    snapshot = plan_folder(folder)
    snapshot.require_plan()
    found = snapshot.folder
    made = rotate or read_token(found) is None
    token = new_token(found) if rotate else ensure_token(found)
    public = public_url or _public_url(found)
    if public is None:
        typer.echo(f"/{token}/plan.ics")
        said = _(
            "That is the calendar's path on the server: its full address starts with where"
            " it is served (%(command)s prints it). For a phone's calendar, serve it"
            " behind HTTPS and give that host: %(setting)s in the profile, or %(flag)s here."
        )
        setting = {"setting": "`calendar: {public_url: HOST}`", "flag": "--public-url HOST"}
        typer.echo(said % {**setting, "command": "posecoach serve"}, err=True)
    else:
        feed = Feed(found, token)
        for address in addresses(feed, public):
            typer.echo(address)
        page = next(addresses(feed, public, page=True))
        typer.echo(_("%(address)s  (today and check-ins)") % {"address": page})
    if made and _links_to_pages(found):
        rebuild_folder(found)  # the calendar's check-in links carry the token
    if rotate:
        typer.echo(_("The old address no longer works: subscribe again with the new one."))


@app.command(
    epilog=examples(
        "posecoach serve",
        "posecoach serve --host 0.0.0.0",
        "posecoach serve athletes/ana athletes/ben --port 8080 --public-url coach.example.org",
        "posecoach squad init club && posecoach squad plan club && posecoach serve club",
    )
)
@reports_errors
def serve(
    folders: ServedArgument = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help=N_(
                "Address to listen on: 127.0.0.1, this computer only; 0.0.0.0, every"
                " network it is on (to try the page from a phone on the same Wi-Fi: plain HTTP,"
                " so anyone there with a plan's address can check in); or one of its addresses."
            ),
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port to listen on."))] = 8080,
    public_url: PublicUrlOption = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log", help=N_("Print a line per request (never its secret address).")
        ),
    ] = False,
    recheck: Annotated[
        float,
        typer.Option(
            "--recheck",
            min=0,
            max=3600,
            help=N_(
                "Seconds between looks for changed inputs (a check-in, an edited profile);"
                " 0 looks at every request."
            ),
        ),
    ] = 1.0,
) -> None:
    """Serve each plan's calendar feed and its check-in pages at secret addresses.

    The calendar is for calendar apps to subscribe to; the page shows today's
    session with a click track, and takes check-ins from a phone. Slow,
    oversized and malformed requests are refused; a plan whose inputs cannot
    be rebuilt keeps its last calendar, every problem is printed, and its page
    says so and takes no check-in until they are fixed. A squad
    folder (one with squad.yaml) serves every athlete's plan, rebuilt by the
    squad's rules; their addresses are written to feeds.csv in it.
    """
    from posecoach.cli.reach_notes import reach_notes, reach_warnings
    from posecoach.feed.reach import reach
    from posecoach.feed.serve import addresses, bind, check_tokens, make_app, prepare, run
    from posecoach.squad.folder import SquadFolder
    from posecoach.squad.serving import prepare_squad

    plain, squad_paths = _plans_and_squads(folders)
    feeds = prepare(plain, rebuild_folder)
    squads = [prepare_squad(SquadFolder(path), now, system_zone()) for path in squad_paths]
    every = feeds + [feed for squad in squads for _, feed in squad.feeds]
    check_tokens(every)
    listener = bind(host, port)  # before printing: an address in use is said, not logged
    where = reach(host, port)
    shown = where.network or [where.here]  # where a phone (or else this computer) opens it
    label = (
        _("%(address)s  (today and check-ins, on the phone)")
        if public_url
        else _("%(address)s  (today and check-ins: open it on a phone on the same Wi-Fi)")
        if where.network
        else _("%(address)s  (today and check-ins, in a browser on this computer)")
    )
    for feed in feeds:
        typer.echo(f"{feed.folder}:")
        for local in [None] if public_url else shown:
            for address in addresses(feed, public_url, local):
                typer.echo(f"  {address}")
            page = next(addresses(feed, public_url, local, page=True))
            typer.echo("  " + label % {"address": page})
        if public_url and not _links_to_pages(feed.folder):
            add = _(
                "(add %(setting)s to %(name)s's profile and each calendar event links to its"
                " check-in page)"
            )
            setting = f"`calendar: {{public_url: {public_url}}}`"
            typer.echo("  " + add % {"setting": setting, "name": feed.folder.path.name})
    for squad in squads:
        _announce(squad, public_url, shown[0])
    for line in reach_notes(where, host, public_url):
        typer.echo(line)
    for line in reach_warnings(where, host, public_url):
        typer.echo(f"warning: {line}", err=True)
    addresses_ = {"listening": f"http://{where.listening}", "here": f"http://{where.here}"}
    listening = (
        _("Listening on %(listening)s (on this computer: %(here)s). Ctrl-C stops.")
        if where.here != where.listening
        else _("Listening on %(listening)s. Ctrl-C stops.")
    )
    typer.echo(listening % addresses_)

    def log(line: str) -> None:
        typer.echo(line, err=True)

    served = make_app(
        every, rebuild_folder, log if access_log else None, log, now, recheck, public_url
    )
    run(served, listener)
    typer.echo(_("Stopped."))


SHOWN = 20  # lines about single athletes at start; the rest are in feeds.csv


def _plans_and_squads(given: list[Path] | None) -> tuple[list[PlanFolder], list[Path]]:
    """The plan folders and the squad folders (those holding squad.yaml) to serve."""
    from posecoach.folder.plan_folder import PlanFolder
    from posecoach.squad.folder import SquadFolder

    cwd = Path.cwd()
    if not given:
        if (cwd / SquadFolder.SQUAD).is_file() and PlanFolder.discover(cwd) is None:
            return [], [Path(".")]
        return _folders(None), []
    once: dict[Path, Path] = {}  # a folder named twice is served once
    for path in given:
        once.setdefault(path.resolve(), path)
    given = list(once.values())
    squads = [path for path in given if (path / SquadFolder.SQUAD).is_file()]
    plain = [path for path in given if path not in squads]
    for path in plain:  # a squad athlete's plan needs the squad's rules to be rebuilt
        squad = path.parent.parent
        if path.parent.name == SquadFolder.PLANS and (squad / SquadFolder.SQUAD).is_file():
            athletes = _(
                "%(path)s: is an athlete's plan in the squad %(squad)s, which is rebuilt from"
                " squad.yaml and the athlete's file, not from this folder alone"
            )
            instead = _("serve the squad instead: %(command)s")
            raise UsageError(
                athletes % {"path": path, "squad": squad},
                instead % {"command": f"posecoach serve {squad}"},
                field="folders",
            )
    return _folders(plain) if plain else [], squads


def _announce(squad: SquadFeeds, public_url: str | None, local: str) -> None:
    """A squad's start in a few lines, whatever its size; every address in feeds.csv."""
    from posecoach.errors import word
    from posecoach.squad.serving import summary, write_feeds_table

    names = flag_names(serve)
    public = public_url or squad.squad.public_url
    written = write_feeds_table(squad, public, None if public else local, names)
    for line in squad.notes[:SHOWN]:
        typer.echo(f"warning: {word(line, names)}", err=True)
    if len(squad.notes) > SHOWN:
        more = len(squad.notes) - SHOWN
        said = ngettext(
            "... and %(count)s more warning like these",
            "... and %(count)s more warnings like these",
            more,
        )
        typer.echo(said % {"count": more}, err=True)
    for missing in squad.not_served[:SHOWN]:
        why = {"athlete": missing.athlete, "reason": word(missing.reason, names)}
        typer.echo(_("not served: %(athlete)s: %(reason)s") % why, err=True)
    if len(squad.not_served) > SHOWN:
        more = len(squad.not_served) - SHOWN
        said = _("... and %(count)s more not served: every one is in %(file)s")
        typer.echo(said % {"count": more, "file": written}, err=True)
    for line in summary(squad):
        typer.echo(line)
    each = _(
        "Each athlete's calendar and check-in page: %(file)s (private: every address in"
        " it is that athlete's secret; give each athlete only their own row)."
    )
    typer.echo("  " + each % {"file": written})
    if public_url and squad.squad.public_url is None:
        add = _(
            "(add %(setting)s to %(file)s and run %(command)s: each calendar event then links"
            " to its check-in page)"
        )
        setting = {"setting": f"`public_url: {public_url}`", "command": "posecoach squad plan"}
        typer.echo("  " + add % {**setting, "file": squad.folder.squad_file})


@app.command(
    epilog=examples(
        "posecoach publish --to /var/www/calendars",
        "posecoach publish athletes/* --to site/feeds --public-url coach.example.org/feeds",
    )
)
@reports_errors
def publish(
    to: Annotated[Path, typer.Option("--to", help=N_("The folder a static web host serves."))],
    folders: FoldersArgument = None,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url", help=N_("Where that folder is reachable, to print the addresses.")
        ),
    ] = None,
) -> None:
    """Write each plan's feed under its secret path, for nginx or any static host."""
    from posecoach.feed.serve import addresses, prepare
    from posecoach.feed.serve import publish as publish_feeds

    feeds = prepare(_folders(folders), rebuild_folder)
    written = publish_feeds(feeds, to)
    for feed, path in zip(feeds, written, strict=True):
        typer.echo(f"{feed.folder} -> {path}")
        if public_url:
            for address in addresses(feed, public_url):
                typer.echo(f"  {address}")


@sync_app.command(
    "caldav",
    epilog=examples(
        "POSECOACH_CALDAV_PASSWORD=... posecoach sync caldav https://dav.example.org/ --user sam"
    ),
)
@reports_errors
def sync_caldav_command(
    url: Annotated[str, typer.Argument(help=N_("The CalDAV server's address."))],
    user: Annotated[str, typer.Option("--user", help=N_("Your user name there."))],
    folder: FolderOption = None,
    calendar: Annotated[
        str | None,
        typer.Option("--calendar", help=N_("Calendar name (default: posecoach-<plan id>).")),
    ] = None,
) -> None:
    """Upsert the plan's events by UID and delete the plan's removed ones; idempotent.

    The password comes from POSECOACH_CALDAV_PASSWORD, or is asked for.
    """
    from posecoach.feed.caldav_sync import sync_caldav

    snapshot = plan_folder(folder)
    plan = snapshot.plan()
    found = snapshot.folder
    password = os.environ.get("POSECOACH_CALDAV_PASSWORD")
    if password is None:
        password = typer.prompt(_("CalDAV password"), hide_input=True)
    ics = found.ics_file.read_bytes()
    result = sync_caldav(
        ics, plan.plan_id, url, user, password, calendar or f"posecoach-{plan.plan_id}"
    )
    said = _(
        "Synced: %(created)s created, %(updated)s updated, %(deleted)s deleted,"
        " %(unchanged)s unchanged."
    )
    typer.echo(said % result._asdict())
