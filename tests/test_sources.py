"""The bibliography: every cited id resolves, nothing listed goes uncited, outputs show
"Author Year" (never a bare id), and cues fade within each phase."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach import loaders, resources
from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.errors import InputError
from posecoach.model import Curriculum, Plan, Rules, RunnerProfile
from posecoach.render.feedback import faded_cues, sentences
from posecoach.render.html import render_html
from posecoach.render.markdown import render_markdown
from posecoach.sources import bibliography, read_bibliography

START = date(2027, 1, 4)

BARE_ID = re.compile(r"(?<![\w/.-])S\d+b?(?![\w-])")


def _cited_ids() -> dict[str, set[str]]:
    """Every source id cited by the shipped files, with who cites it."""
    cited: dict[str, set[str]] = defaultdict(set)
    for name in resources.builtin_curricula():
        for drill in loaders.load_curriculum(name).drills:
            for source in drill.sources:
                cited[source].add(f"{name}: {drill.id}")
    rules = loaders.load_rules()
    for name, rule in rules.each.items():
        for source in rule.sources:
            cited[source].add(f"rule {name}")
    for note in bibliography().notes:
        for source in note.sources:
            cited[source].add(f"note {note.id}")
    return cited


def test_every_cited_id_is_in_the_bibliography() -> None:
    unknown = {
        s: sorted(by) for s, by in _cited_ids().items() if s not in bibliography().references
    }
    assert unknown == {}


def test_every_reference_is_cited() -> None:
    unused = sorted(set(bibliography().references) - set(_cited_ids()))
    assert unused == []


def test_every_reference_has_authors_and_a_year() -> None:
    bib = bibliography()
    for reference in bib.references.values():
        assert reference.authors.strip(), reference.id
        assert reference.year == "n.d." or 1900 < reference.year < 2100, reference.id
        assert reference.url.startswith(("http://", "https://")), reference.id
        assert bib.cite(reference.id).startswith(bib.cite(reference.id).split()[0])
    citations = list(bib.citations.values())
    assert len(citations) == len(set(citations))  # each citation finds one reference
    assert bib.cite("S55") == "Heiderscheit et al. 2011"
    assert bib.cite("S80") == "Warne and Gruber 2017"
    assert {bib.cite("S28"), bib.cite("S28b")} == {"Rulon n.d.-a", "Rulon n.d.-b"}


def test_citation_fixes() -> None:
    """Citations that did not support their claim were taken out (see the facts file)."""
    transition = loaders.load_curriculum("pose-transition")
    # S52: a walking and hopping preconditioning trial that did NOT reduce injuries.
    assert "S52" not in transition.drill("rope-skipping").sources
    rules = loaders.load_rules()
    # S45: the heavy-slow-resistance protocol, which has no deload weeks.
    assert "S45" not in rules.deload.sources
    # S43: Alfredson's heel drops are done daily, so they cannot support rest days.
    assert "S43" not in rules.heavy_days.sources


def test_a_bad_sources_file_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text(
        "references:\n"
        "  - {id: S1, authors: A, year: 2001, title: T, venue: V, url: 'https://a'}\n"
        "  - {id: S1, authors: B, year: 2002, title: T, venue: V, url: 'https://b'}\n"
        "  - {id: S3, authors: C, year: soon, title: T, venue: V, url: 'https://c', isbn: 1}\n"
    )
    with pytest.raises(InputError) as raised:
        read_bibliography(bad)
    text = str(raised.value.worded())
    assert "sources.yaml:4: references.2.year" in text
    assert "sources.yaml:4: references.2.isbn: unknown key" in text
    bad.write_text(bad.read_text().replace("year: soon", "year: 2003").replace(", isbn: 1", ""))
    with pytest.raises(InputError) as raised:
        read_bibliography(bad)
    assert "sources.yaml:3: references.1.id: listed twice" in raised.value.worded()


@pytest.fixture(scope="module")
def plan(transition: Curriculum, default_profile: RunnerProfile, rules: Rules) -> Plan:
    return build_plan(transition, default_profile, rules, START)


def test_outputs_cite_authors_and_years_and_end_with_their_references(
    plan: Plan, transition: Curriculum
) -> None:
    bib = bibliography()
    markdown = render_markdown(plan, transition)
    html = unescape(render_html(plan, curriculum=transition))
    for text in (markdown, html):
        assert not BARE_ID.search(text), BARE_ID.search(text)
        assert ".;" not in text.replace("n.d.;", "n.d. and")  # cues never run together
    head, references = markdown.split("\n## References\n")
    listed = {line for line in references.splitlines() if line.startswith("- ")}
    cited = {s for d in transition.drills for s in d.sources}
    cited &= {s for d in {i.drill for s in plan.sessions for i in s.items} for s in
              transition.drill(d).sources}  # fmt: skip
    cited |= bib.used() | {s for a in plan.adjustments for s in a.sources}
    for source in cited:
        reference = bib.references[source]
        assert bib.cite(source) in head, source  # cited in the text...
        assert f"- {bib.entry(reference)}" in listed  # ...and listed (a plain & as it is)
        assert bib.entry(reference).split(" (")[0] in html
    assert len(listed) == len(cited)
    assert "What the evidence does and does not show" in markdown
    assert "When to stop running" in html
    assert "Shoes" in html


def test_adjustments_cite_their_rules_sources(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "p"
    assert runner.invoke(app, ["plan", "--start", "2027-01-04", "-o", str(folder)]).exit_code == 0
    markdown = (folder / "plan.md").read_text()
    # The default plan's one change, the advice on the runner's own running, is
    # cited where it is said: before the weeks.
    assert re.search(r"\*\*Your own running\.\*\* [^\n]+ \*\([A-Z][^)]+ \d{4}", markdown)
    assert not BARE_ID.search(markdown)
    result = runner.invoke(app, ["explain", "-d", str(folder)])
    assert result.exit_code == 0
    assert "docs/pose-domain-facts.md" not in result.stdout
    assert re.search(r"[A-Z][\w' ]+ (\d{4}|n\.d\.)", result.stdout)


def test_cues_fade_within_each_phase(plan: Plan) -> None:
    """Full cues when a drill is new in its phase or back after two weeks or more
    without it (a revisit), then the key cue alone."""
    shown = faded_cues(plan)
    counts: dict[tuple[str, str], list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for week in plan.weeks:
        for session in week.sessions:
            for index, item in enumerate(session.items):
                cues = shown[session.key, index]
                first = (week.phase, item.drill) not in counts
                back = week.number - last.get(item.drill, week.number) >= 2
                counts[week.phase, item.drill].append(len(cues))
                last[item.drill] = week.number
                if first or back:
                    assert cues == item.cues, (session.key, item.drill)  # in full
                else:
                    assert cues == item.cues[:1], (session.key, item.drill)  # the key cue
    assert sum(len(t) > 1 for t in counts.values()) > 20  # most drills recur and fade


def test_watch_for_is_one_common_fault_per_drill(plan: Plan, transition: Curriculum) -> None:
    markdown = render_markdown(plan, transition)
    assert "| Watch for |" in markdown
    for drill in {i.drill for s in plan.sessions for i in s.items}:
        assert transition.drill(drill).faults[0] in markdown
    html = render_html(plan, curriculum=transition)
    assert html.count('<span class="watch">') == sum(len(s.items) for s in plan.sessions)


def test_cues_read_as_sentences() -> None:
    assert sentences(["Tall.", "Quick feet", "  ", "Why not?"]) == "Tall. Quick feet. Why not?"


def test_sources_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["sources"])
    assert result.exit_code == 0
    assert "Heiderscheit et al. 2011" in " ".join(result.stdout.split())
    result = runner.invoke(app, ["sources", "s55"])
    assert result.exit_code == 0
    assert "Effects of step rate manipulation" in result.stdout
    assert "rules: cadence" in result.stdout
    data = json.loads(runner.invoke(app, ["sources", "--json"]).stdout)
    assert {s["id"] for s in data["sources"]} == set(bibliography().references)
    assert [n["id"] for n in data["notes"]] == ["evidence", "warning-signs", "footwear"]
    one = json.loads(runner.invoke(app, ["sources", "S78", "--json"]).stdout)
    assert one["citation"] == "Ridge et al. 2013"
    assert one["year"] == 2013
    result = runner.invoke(app, ["sources", "S999"])
    assert result.exit_code == 2
    assert "no source 'S999'" in result.stderr


def test_drills_show_citations(runner: CliRunner) -> None:
    result = runner.invoke(app, ["drills", "wall-fall"])
    assert result.exit_code == 0
    assert "Paradiso CrossFit 2012b" in " ".join(result.stdout.split())
