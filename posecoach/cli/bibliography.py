"""posecoach sources: the references behind the curricula, rules and notes."""

from __future__ import annotations

from typing import Annotated

import typer

from posecoach.cli import app, completion, console, examples, json_help, print_json, reports_errors
from posecoach.i18n import N_, _, language, pgettext


@app.command(
    epilog=examples("posecoach sources", "posecoach sources S55", "posecoach sources --json")
)
@reports_errors
def sources(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help=N_("One source to show in full, e.g. S55."),
            autocompletion=completion.source_ids,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=json_help(
                N_(
                    "sources (each: id, citation, authors, year, title, venue, url, doi,"
                    " reference), notes (each: id, title, text, sources); with ID, that"
                    " source alone"
                )
            ),
        ),
    ] = False,
) -> None:
    """The references the drills, rules and plan notes cite (as "Author Year" in every
    output), or one in full with what cites it."""
    from posecoach.cli.language import speak_the_folders_language
    from posecoach.commands import sources as data

    speak_the_folders_language()
    if source is None:
        if as_json:
            print_json(data.sources_data())
        else:
            _show_all()
        return
    reference = data.find(source)
    if as_json:
        print_json(data.reference_data(reference))
    else:
        _show_one(reference.id)


def _show_all() -> None:
    from posecoach.cli.terminal import id_column, new_table, print_table
    from posecoach.sources import bibliography

    bib, out = bibliography(language()), console()
    table = new_table(out, pgettext("explain", "Sources"))
    id_column(table, _("Id"), list(bib.references), style="bold")
    widest = max(len(c) for c in bib.citations.values())
    table.add_column(_("Citation"), no_wrap=True, min_width=widest)
    table.add_column(_("Title"), overflow="fold")
    for reference in bib.references.values():
        table.add_row(reference.id, bib.cite(reference.id), reference.title)
    print_table(out, table)
    said = _("%(command)s shows one in full.") % {"command": "posecoach sources ID"}
    out.print(said, style="dim")


def _show_one(source: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from posecoach.cli.terminal import boxed
    from posecoach.commands.sources import cited_by
    from posecoach.sources import authors, bibliography, year

    bib = bibliography(language())
    reference = bib.references[source]
    body = Table.grid(padding=(0, 2))
    body.add_column(style="bold", no_wrap=True)
    body.add_column(overflow="fold")
    body.add_row(_("Authors"), authors(reference))
    body.add_row(_("Year"), year(reference))
    body.add_row(_("Title"), reference.title)
    body.add_row(pgettext("published", "In"), reference.venue)
    if reference.doi:
        body.add_row("DOI", reference.doi)
    body.add_row(_("Address"), reference.url)
    body.add_row(_("Cited by"), "\n".join(cited_by(source)) or _("nothing"))
    boxed(console(), body, Text(bib.cite(source)) + Text(f" ({source})", style="dim"))
