"""The cover's chart (plan.html and the sheets' cover): no label lies on a bar, on a
cadence marker or on another label, for the plans a runner and a coach make.

The boxes come from the SVG the renderer writes, read back here: each text's box
from its anchor, baseline and font size (plan.css), as wide as DejaVu Sans draws
it (the widest of the usual sans fonts), so the check errs on the crowded side."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecoach.cli import app

GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data"
Box = tuple[float, float, float, float]  # left, top, right, bottom

# Advance widths in DejaVu Sans, in ems; a lower-case letter at its average (0.62).
WIDTHS = {**dict.fromkeys("0123456789", 0.636), "+": 0.838, "%": 0.950, ".": 0.318, " ": 0.318}
CAP = 0.73  # the height of digits and capitals, in ems: the labels have no descenders


BOLD = 1.1  # DejaVu Sans Bold's digits and signs are up to a tenth wider


def text_width(text: str, size: float, bold: bool) -> float:
    return sum(WIDTHS.get(c, 0.62) for c in text) * size * (BOLD if bold else 1)


def fonts(page: str) -> dict[str, tuple[float, bool]]:
    """The font size, and whether bold, each chart class gets from plan.css (inlined
    in the page), in the order the rules are written."""
    rules = re.findall(r"\.chart \.([\w-]+) \{([^}]*font-size: ([\d.]+)px[^}]*)\}", page)
    return {
        name: (float(size), bool(re.search(r"font-weight: (bold|[6-9]00)", rule)))
        for name, rule, size in rules
    }


def chart_boxes(page: str) -> tuple[list[tuple[str, Box]], list[Box], list[Box]]:
    """The cover chart's label boxes (with their text), bar boxes and marker boxes."""
    sizes = fonts(page)
    start = page.index('<figure class="chart">')
    svg = page[page.index("<svg", start) : page.index("</svg>", start) + len("</svg>")]
    root = ET.fromstring(svg)
    labels: list[tuple[str, Box]] = []
    bars: list[Box] = []
    markers: list[Box] = []
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        attributes = element.attrib
        if tag == "rect":
            x, y = float(attributes["x"]), float(attributes["y"])
            bars.append((x, y, x + float(attributes["width"]), y + float(attributes["height"])))
        elif tag == "circle":
            x, y, r = (float(attributes[k]) for k in ("cx", "cy", "r"))
            markers.append((x - r, y - r, x + r, y + r))
        elif tag == "text" and (element.text or "").strip():
            text = (element.text or "").strip()
            # As the cascade has it: of equal rules, the one written last wins.
            order = list(sizes)
            last = max((c for c in attributes["class"].split() if c in sizes), key=order.index)
            size, bold = sizes[last]
            width = text_width(text, size, bold)
            x, y = float(attributes["x"]), float(attributes["y"])
            anchor = attributes.get("text-anchor", "start")
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            if attributes.get("dominant-baseline") == "middle":
                top = y - CAP * size / 2
            else:
                top = y - CAP * size
            labels.append((text, (left, top, left + width, top + CAP * size)))
    return labels, bars, markers


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def plan_page(tmp_path: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["plan", "-o", str(tmp_path / "p"), *args])
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "p" / "plan.html").read_text()


CASES = {
    "default": ["--start", "2027-01-04"],
    "at 182 spm already": ["-p", str(GOLDEN / "cadence-182-12w" / "profile.yaml")],
    "two days, 16 weeks": ["-p", str(GOLDEN / "two-days-16w" / "profile.yaml"), "--weeks", "16"],
    "three days, 8 weeks": ["-p", str(DATA / "three-days.yaml"), "--weeks", "8"],
    "regular, 16 weeks": ["-p", str(DATA / "regular-runner.yaml"), "--weeks", "16"],
    "foundations": ["--curriculum", "pose-foundations"],
}


@pytest.mark.parametrize("case", CASES)
def test_no_chart_label_lies_on_a_bar_a_marker_or_a_label(tmp_path: Path, case: str) -> None:
    page = plan_page(tmp_path, "--start", "2027-01-04", *CASES[case])
    labels, bars, markers = chart_boxes(page)
    assert bars
    assert markers
    for text, box in labels:
        left, top, right, bottom = box
        assert min(left, top) >= 0, f"{text!r} starts outside the chart"
        assert right <= 640, f"{text!r} ends outside the chart"
        assert bottom <= 220, f"{text!r} ends outside the chart"
        for bar in bars:
            assert not overlap(box, bar), f"{text!r} lies on a bar"
        for marker in markers:
            assert not overlap(box, marker), f"{text!r} lies on a cadence marker"
    for index, (text, box) in enumerate(labels):
        for other, other_box in labels[index + 1 :]:
            assert not overlap(box, other_box), f"{text!r} and {other!r} overlap"


def test_the_cadence_labels_name_each_new_target_once(tmp_path: Path) -> None:
    """A rise the runner's ceiling holds back (the marathoner's +7.5% and +10% are both
    185 spm) is one target: labelled once, its line level."""
    page = plan_page(tmp_path, "-p", str(GOLDEN / "marathoner-race-12w" / "profile.yaml"))
    labels = re.findall(r'class="cadence-label"[^>]*>([^<]*)<', page)
    assert labels == ["172", "181", "185"]
    line = re.search(r'class="cadence-line" points="([^"]*)"', page)
    assert line
    last = float(line[1].split()[-1].split(",")[1])
    dots = [float(y) for y in re.findall(r'class="cadence-point" cx="[\d.]+" cy="([\d.]+)"', page)]
    assert dots[2] == last  # from 185 on, level
