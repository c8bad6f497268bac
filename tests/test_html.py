"""plan.html: self-contained, escaped, and printed by a real browser to one page a week."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.engine import build_plan
from posecoach.model import Curriculum, Plan, Rules, RunnerProfile
from posecoach.render.html import render_html

START = date(2027, 1, 4)
HOSTILE_RUNNER = "Zoë; O'Neil, \\ <b>"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and PDFTOTEXT) and not os.environ.get("CI"),
    reason="needs chromium and pdftotext (CI installs both; there this test never skips)",
)


def test_self_contained(
    transition: Curriculum, default_profile: RunnerProfile, rules: Rules
) -> None:
    html = render_html(build_plan(transition, default_profile, rules, START))
    assert "<script" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert "url(" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@page { size: A4;" in html
    assert html.count('class="page week') == 12
    assert html.count('class="page cover"') == 1


def test_letter_paper(transition: Curriculum, default_profile: RunnerProfile, rules: Rules) -> None:
    html = render_html(build_plan(transition, default_profile, rules, START), "letter")
    assert "@page { size: letter;" in html


def test_hostile_text_is_escaped(hostile_plan: Plan) -> None:
    html = render_html(hostile_plan)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 🏃" in html
    assert "<b>" not in html
    assert "Zoë; O&#39;Neil, \\ &lt;b&gt;" in html


def test_every_session_and_item_is_on_its_week_page(
    transition: Curriculum, default_profile: RunnerProfile, rules: Rules
) -> None:
    plan = build_plan(transition, default_profile, rules, START)
    html = render_html(plan)
    pages = html.split('<section class="page week')[1:]
    assert len(pages) == len(plan.weeks)
    for week, page in zip(plan.weeks, pages, strict=True):
        expected = 0
        for session in week.sessions:
            assert session.title in page
            for item in session.items:
                assert item.name in page
                if item.run is not None:  # a box per run repeat
                    expected += item.run.repeats + (1 if item.run.final_run_minutes else 0)
                elif item.dose is not None:  # a box per set
                    expected += item.dose.sets
        boxes = page.count('<span class="box" title=')
        assert boxes == expected


def print_to_pdf(html: Path, pdf: Path) -> None:
    assert CHROMIUM, "chromium is not installed"
    subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={pdf.parent / 'chromium-profile'}",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip


def pdf_pages(pdf: Path) -> list[str]:
    assert PDFTOTEXT, "pdftotext is not installed"
    text = subprocess.run(
        [PDFTOTEXT, "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    """Text as a line: a line broken after a hyphen joins up again."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n", "-", text))


@needs_browser
@pytest.mark.parametrize(
    ("profile", "paper", "size"),
    [
        ("default", "a4", (595, 842)),
        ("default", "letter", (612, 792)),
        ("busy", "a4", (595, 842)),
    ],
)
def test_chromium_prints_one_page_per_week(
    tmp_path: Path, runner: CliRunner, profile: str, paper: str, size: tuple[int, int]
) -> None:
    args = ["plan", "--start", "2027-01-04", "--paper", paper, "--out", str(tmp_path / "p")]
    if profile == "busy":  # six sessions a week of up to an hour: the densest sheets
        busy = tmp_path / "busy.yaml"
        busy.write_text(
            "name: Busy Bee\ndays: {Mon: '06:00', Tue: '06:00', Wed: '06:00', Thu: '06:00',"
            " Fri: '06:00', Sat: '08:00', Sun: '08:00'}\nsessions_per_week: 6\n"
            "max_session_minutes: 60\nbackground: regular\nweekly_volume: 40\n"
            "longest_run_30d: 16\nbaseline_cadence: 168\n"
        )
        args += ["--profile", str(busy)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    from posecoach.folder.plan_file import parse_plan_file

    plan = parse_plan_file((tmp_path / "p" / "plan.yaml").read_text())
    pdf = tmp_path / "plan.pdf"
    print_to_pdf(tmp_path / "p" / "plan.html", pdf)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()  # type: ignore[union-attr]
    assert (round(float(width)), round(float(height))) == size

    pages = pdf_pages(pdf)
    # A cover (with the notes on the evidence), one page a week, then the references.
    weeks = pages[1 : 1 + len(plan.weeks)]
    references = pages[1 + len(plan.weeks) :]
    assert references
    assert references[0].lstrip().startswith("References")
    assert not any("References" in page for page in weeks)
    assert plan.runner in pages[0]
    assert "What the evidence does and does not show" in squash(pages[0])
    for week, page in zip(plan.weeks, weeks, strict=True):
        flat = squash(page)
        assert f"Week {week.number}: {week.phase_name}" in flat
        for session in week.sessions:
            assert session.title in flat
            for item in session.items:
                assert squash(item.name) in flat, (week.number, item.name)


@needs_browser
def test_sheet_command_prints_one_week(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "p"
    assert (
        runner.invoke(app, ["plan", "--start", "2027-01-04", "--out", str(folder)]).exit_code == 0
    )
    result = runner.invoke(app, ["sheet", "--week", "5", "--dir", str(folder)])
    assert result.exit_code == 0, result.stderr
    sheet = folder / "week-05.html"
    pdf = tmp_path / "week.pdf"
    print_to_pdf(sheet, pdf)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert "Week 5:" in pages[0]


def test_sheet_command_errors(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["sheet", "--week", "1", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "run `posecoach plan` first" in result.stderr
    folder = tmp_path / "p"
    runner.invoke(app, ["plan", "--start", "2027-01-04", "--out", str(folder)])
    result = runner.invoke(app, ["sheet", "--week", "40", "--dir", str(folder)])
    assert result.exit_code == 2
    assert "weeks 1 to 12" in result.stderr
