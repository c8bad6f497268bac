"""posecoach drills, curricula, validate, schema and init: the library and the inputs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from posecoach.cli import (
    CurriculumOption,
    app,
    completion,
    console,
    examples,
    flag_names,
    json_help,
    print_json,
    reports_errors,
    system_zone,
)
from posecoach.cli.language import flag, speak_the_folders_language
from posecoach.errors import InputError, UsageError, did_you_mean, error_line, hint_line, word
from posecoach.i18n import N_, _, language, ngettext, pgettext, switch

if TYPE_CHECKING:
    from posecoach.commands.init import StarterAnswers


@app.command(
    epilog=examples("posecoach drills", "posecoach drills wall-fall", "posecoach drills --json")
)
@reports_errors
def drills(
    drill_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help=N_("One drill to show in full."),
            autocompletion=completion.drill_ids,
        ),
    ] = None,
    curriculum: CurriculumOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=json_help(
                N_(
                    "curriculum, name, drills (each: the drill as the curriculum file has"
                    " it, used_in: the session templates that use it, and citations: its"
                    ' sources as "Author Year"); with ID, that drill alone'
                )
            ),
        ),
    ] = False,
) -> None:
    """List the drill library, or show one drill: purpose, setup, cues, dose, sources."""
    speak_the_folders_language()
    from posecoach.cli.drill_views import show_drill, show_drills
    from posecoach.commands import as_json as data
    from posecoach.loaders import load_curriculum

    course = load_curriculum(curriculum, language="en" if as_json else language())  # data: English
    if drill_id is None:
        if as_json:
            print_json(data.drills_data(course))
        else:
            show_drills(console(), course)
        return
    ids = [d.id for d in course.drills]
    if drill_id not in ids:
        raise UsageError(
            _("%(curriculum)s has no drill %(drill)s")
            % {"curriculum": course.id, "drill": repr(drill_id)},
            did_you_mean(drill_id, ids)
            or _("%(command)s lists them") % {"command": "`posecoach drills`"},
        )
    if as_json:
        print_json(data.drill_data(course, course.drill(drill_id)))
    else:
        show_drill(console(), course, course.drill(drill_id))


@app.command(epilog=examples("posecoach curricula"))
@reports_errors
def curricula() -> None:
    """List the built-in curricula."""
    speak_the_folders_language()
    from posecoach.cli.drill_views import show_curricula
    from posecoach.loaders import load_curriculum
    from posecoach.resources import builtin_curricula

    chosen = language()
    show_curricula(console(), [load_curriculum(n, language=chosen) for n in builtin_curricula()])


@app.command(
    epilog=examples(
        "posecoach validate profile.yaml my-curriculum.yaml",
        "posecoach validate club/squad.yaml club/athletes/ana.yaml",
        "posecoach validate --kind rules my-rules.yaml",
    )
)
@reports_errors
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help=N_("Profiles, curricula, rules, the bibliography, squad.yaml or athletes' files."),
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help=N_(
                "Check every file as this kind: profile, curriculum, rules, bibliography,"
                " squad or athlete (default: told by each file's name and keys)."
            ),
        ),
    ] = None,
) -> None:
    """Check files without writing anything: says which kind each file was taken for,
    and reports every problem with its line."""
    speak_the_folders_language()
    from posecoach.commands.validate import check_files

    out, err = console(), console(stderr=True)
    checks = check_files(files, kind, its_language=flag() is None)
    failed = [check for check in checks if check.problem is not None]
    asked = [c.problem.spoken for c in failed if isinstance(c.problem, InputError)]
    if len(checks) == 1 and asked and asked[0]:  # one profile that says its language
        switch(asked[0])
    for check in checks:
        if check.problem is None:
            ok = _("ok: %(file)s (%(kind)s)") % {"file": check.path, "kind": _kind_word(check.kind)}
            out.print(ok, markup=False, soft_wrap=True)
            continue
        if isinstance(check.problem, InputError):
            if check.kind != "file":  # "file": too broken to tell its kind
                said = _checked_as(str(check.path), check.kind)
                err.print(said, markup=False)
            err.print(check.problem.worded(flag_names()), markup=False)
            if kind is None and any(p.message == "unknown key" for p in check.problem.problems):
                hint = _("if it is not a %(kind)s, say which kind it is with --kind")
                err.print(hint_line(hint % {"kind": check.kind}).lstrip("\n"), markup=False)
        else:
            err.print(error_line(check.problem.worded(flag_names())), markup=False)
    if failed:
        count = sum(
            len(c.problem.problems) if isinstance(c.problem, InputError) else 1 for c in failed
        )
        files_ = ngettext("%(count)s file", "%(count)s files", len(failed))
        said = ngettext(
            "%(count)s problem in %(files)s.", "%(count)s problems in %(files)s.", count
        )
        files_said = files_ % {"count": len(failed)}
        err.print(said % {"count": count, "files": files_said}, markup=False)
        raise typer.Exit(2)


def _kind_word(kind: str) -> str:
    """A file's kind in the language in force ('profile' -> 'profil'); the value
    `--kind` takes stays the English key."""
    words = {
        "profile": pgettext("file kind", "profile"),
        "curriculum": pgettext("file kind", "curriculum"),
        "rules": pgettext("file kind", "rules"),
        "bibliography": pgettext("file kind", "bibliography"),
        "squad": pgettext("file kind", "squad"),
        "athlete": pgettext("file kind", "athlete"),
    }
    return words.get(kind, kind)


def _checked_as(path: str, kind: str) -> str:
    """'club/ana.yaml: checked as an athlete' (English needs its article)."""
    said = (
        _("%(file)s: checked as an %(kind)s")
        if kind[:1] in "aeiou"
        else _("%(file)s: checked as a %(kind)s")
    )
    return said % {"file": path, "kind": _kind_word(kind)}


@app.command(epilog=examples("posecoach schema profile > profile.schema.json"))
@reports_errors
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help=N_("curriculum, profile or rules."),
            autocompletion=completion.fixed("curriculum", "profile", "rules"),
        ),
    ],
) -> None:
    """Print the JSON Schema of a file kind, for editors that validate and complete YAML."""
    import json

    from posecoach.model import Curriculum, Rules, RunnerProfile

    models: dict[str, Any] = {"curriculum": Curriculum, "profile": RunnerProfile, "rules": Rules}
    if kind not in models:
        raise UsageError(
            _("no schema for %(kind)s") % {"kind": repr(kind)},
            did_you_mean(kind, models) or _("curriculum, profile or rules"),
        )
    typer.echo(json.dumps(models[kind].model_json_schema(), indent=2, sort_keys=True))


@app.command(
    epilog=examples(
        "posecoach init",
        "posecoach init --name Sam --days 'Mon 07:00, Wed 18:30, Sat 09:00'",
        "posecoach init --out ana.yaml --timezone Europe/London --units miles --no-interactive",
    )
)
@reports_errors
def init(
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("Where to write it."))] = Path(
        "profile.yaml"
    ),
    name: Annotated[str | None, typer.Option(help=N_("Your name, as shown on the plan."))] = None,
    start: Annotated[
        str | None,
        typer.Option(help=N_("First day, e.g. 2027-01-04 or '4 Jan 2027' (default: next Monday).")),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help=N_("IANA time zone, e.g. Europe/Berlin (default: the system's)."),
            autocompletion=completion.time_zones,
        ),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(help=N_("Available days with times: 'Mon 07:00, Wed 18:30, Sat 09:00'.")),
    ] = None,
    sessions: Annotated[int | None, typer.Option(help=N_("Sessions per week."))] = None,
    max_minutes: Annotated[
        int | None, typer.Option(help=N_("Longest session you have time for."))
    ] = None,
    background: Annotated[str | None, typer.Option(help=N_("new, returning or regular."))] = None,
    weekly_volume: Annotated[
        float | None, typer.Option(help=N_("Running per week now (km or mi)."))
    ] = None,
    longest_run: Annotated[
        float | None, typer.Option(help=N_("Longest run in the last 30 days."))
    ] = None,
    baseline_cadence: Annotated[
        int | None, typer.Option(help=N_("Easy-run steps per minute, if known."))
    ] = None,
    units: Annotated[str | None, typer.Option(help=N_("km or mi (miles)."))] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file."))] = False,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help=N_(
                "Ask questions (default: when in a terminal and no answers are given as flags)."
            ),
        ),
    ] = None,
) -> None:
    """Write a commented starter profile.yaml: asks in a terminal (checking each answer as
    it is given), takes flags otherwise. The time zone defaults to the system's."""
    speak_the_folders_language()
    from posecoach.commands.init import StarterAnswers, next_step, write_starter

    answers = StarterAnswers(
        name=name,
        start=start,
        timezone=timezone,
        days=days,
        sessions=sessions,
        max_minutes=max_minutes,
        background=background,
        weekly_volume=weekly_volume,
        longest_run=longest_run,
        baseline_cadence=baseline_cadence,
        units=units,
    )
    if out.exists() and not force:  # before the questions, not after them
        raise UsageError(
            _("%(file)s: already exists") % {"file": out},
            _("use %(force)s to overwrite it, or choose another %(out)s")
            % {"force": "{force}", "out": "{out}"},
        )
    if interactive is None:
        interactive = sys.stdin.isatty() and answers.is_empty()
    zone = system_zone()
    if interactive:
        if zone.source is None:
            unknown = _("(The system's time zone could not be told: %(zone)s is offered.)")
            typer.echo(unknown % {"zone": zone.name})
        answers = _ask(answers, zone.name)
    else:
        answers = answers.checked()
        if answers.timezone is None:
            answers = answers._replace(timezone=zone.name)
            chosen = _("Time zone: %(zone)s (%(note)s; choose another with --timezone).")
            typer.echo(chosen % {"zone": zone.name, "note": zone.note})
    written = write_starter(answers, out, force)
    step = next_step(written)
    # A path or command broken across lines could not be pasted: these never wrap.
    said = console()
    said.print(_("Wrote %(file)s.") % {"file": written}, markup=False, soft_wrap=True)
    command = word(step.command, flag_names())
    said.print(_("Next: %(command)s") % {"command": command}, markup=False, soft_wrap=True)
    if step.why:
        console().print(step.why, markup=False)
    _closing_words()


def _closing_words() -> None:
    """What to know before the first session: the evidence, warning signs, shoes."""
    from posecoach.sources import bibliography

    bib, out = bibliography(language()), console()
    out.print("\n" + _("Before you start:"), markup=False)
    for note in bib.notes:
        out.print(f"- {note.title}: {note.short} ({bib.cite_all(note.sources)})", markup=False)
    out.print(
        _("%(command)s lists the references.") % {"command": "posecoach sources"}, markup=False
    )


def _ask(answers: StarterAnswers, zone: str) -> StarterAnswers:
    """Ask each question in the terminal, offering its default (a blank reply keeps it),
    and ask again at once, with a suggestion, when an answer cannot be used."""
    from posecoach.commands.answers import check
    from posecoach.commands.init import QUESTIONS, default_answer
    from posecoach.errors import word
    from posecoach.render.text import long_date

    given: dict[str, object] = {}
    for name, question in QUESTIONS.items():
        default = default_answer(name, given, zone)
        while True:
            # commands/init.py marks its questions for the catalogue
            try:
                reply = typer.prompt(_(question), default=default, show_default=bool(default))
            except typer.Abort:  # Ctrl-D or Ctrl-C: said as click says it, in our words
                typer.echo(_("Aborted!"), err=True)
                raise typer.Exit(1) from None
            try:
                value = check(name, str(reply), given)
            except UsageError as error:
                hint = f" ({word(error.hint)})" if error.hint else ""
                typer.echo(f"  {word(error.message)}{hint}")
                continue
            break
        if name == "start" and isinstance(value, str):
            from datetime import date

            typer.echo(f"  = {long_date(date.fromisoformat(value))}")
        given[name] = value
    return answers._replace(**given)  # type: ignore[arg-type]
