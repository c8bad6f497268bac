"""posecoach init asking questions in a terminal: each answer is checked as it is typed,
and a wrong one is asked again at once with a suggestion. Run through the installed
console script in a pseudo-terminal; the answer checks are also tested directly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pty_session import Session, environment

from posecoach.commands.answers import check, parse_start
from posecoach.errors import UsageError


def test_init_asks_again_with_suggestions(tmp_path: Path) -> None:
    session = Session("init", cwd=tmp_path, env=environment(TZ="Europe/Madrid"))
    session.expect("Your name")
    session.send("Kim")
    session.expect("First day of the plan")
    session.send("04/01/2027")
    session.expect("reads two ways: 4 Jan 2027 or 1 Apr 2027")
    session.expect("write it as YYYY-MM-DD, 2027-01-04, or as 4 Jan 2027")
    session.expect("First day of the plan")
    session.send("4 Jan 2027")
    session.expect("= Mon 4 Jan 2027")
    session.expect("[Europe/Madrid]")  # the system's zone is the default
    session.send("Europe/Londn")
    session.expect("did you mean 'Europe/London'?")
    session.expect("Your time zone")
    session.send("Europe/London")
    session.expect("Days you can train")
    session.send("Mon 06:45, Wendesday 18:00")
    session.expect("did you mean 'Wednesday'?")
    session.expect("Days you can train")
    session.send("Mon 06:45, Wed 18:00")
    session.expect("Sessions per week [2]")  # no more than the days given
    session.send("3")
    session.expect("3 sessions but 2 days to put them on")
    session.expect("Sessions per week")
    session.send("")
    session.expect("Longest session")
    session.send("500")
    session.expect("is not between 20 and 180")
    session.expect("Longest session")
    session.send("35")
    session.expect("Running background")
    session.send("regullar")
    session.expect("did you mean 'regular'?")
    session.expect("Running background")
    session.send("regular")
    session.expect("Units")
    session.send("miles")
    session.expect("How much do you run")
    session.send("ten")
    session.expect("'ten' is not a number")
    session.expect("How much do you run")
    session.send("10")
    session.expect("longest run")
    session.send("4")
    session.expect("Easy-run cadence")
    session.send("")
    session.expect("Wrote profile.yaml")
    assert session.finish() == 0, session.text
    assert "Traceback" not in session.text
    data = yaml.safe_load((tmp_path / "profile.yaml").read_text())
    assert data["name"] == "Kim"
    assert str(data["start"]) == "2027-01-04"
    assert data["timezone"] == "Europe/London"
    assert data["days"] == {"Mon": "06:45", "Wed": "18:00"}
    assert data["sessions_per_week"] == 2
    assert data["background"] == "regular"
    assert data["units"] == "mi"


def test_a_blank_zone_takes_the_systems(tmp_path: Path) -> None:
    session = Session("init", "--out", "me.yaml", cwd=tmp_path, env=environment(TZ="Asia/Tokyo"))
    for question in ("Your name", "First day", "Your time zone (IANA, e.g. Europe/Berlin) ["):
        session.expect(question)
        session.send("")
    for question in ("Days", "Sessions", "Longest", "background", "Units", "How much", "longest"):
        session.expect(question)
        session.send("")
    session.expect("Easy-run cadence")
    session.send("")
    session.expect("Wrote me.yaml")
    assert session.finish() == 0, session.text
    assert yaml.safe_load((tmp_path / "me.yaml").read_text())["timezone"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-04", "2027-01-04"),
        ("2027/1/4", "2027-01-04"),
        ("4 Jan 2027", "2027-01-04"),
        ("4 January 2027", "2027-01-04"),
        ("January 4, 2027", "2027-01-04"),
        ("jan 4 2027", "2027-01-04"),
        ("25/01/2027", "2027-01-25"),  # only one way to read it
        ("01/25/2027", "2027-01-25"),
        ("04.01.2027", "2027-01-04"),  # dots: day first
        ("04/04/2027", "2027-04-04"),
    ],
)
def test_dates_in_common_formats(text: str, expected: str) -> None:
    assert parse_start(text).isoformat() == expected


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("start", "04/01/2027", "reads two ways"),
        ("start", "31 Feb 2027", "is not a date"),
        ("start", "next week", "is not a date"),
        ("start", "4 Jan 1999", "too far off"),
        ("timezone", "Europe/Londn", "did you mean 'Europe/London'?"),
        ("timezone", "Berlin", "did you mean 'Europe/Berlin'?"),
        ("days", "Mon 07:00, Wendesday 18:30", "did you mean 'Wednesday'?"),
        ("days", "Mon 25:00", "is not a weekday with a time"),
        ("units", "metres", "is not a unit"),
        ("background", "sporty", "is not a running background"),
        ("baseline_cadence", "fast", "is not a whole number"),
        ("baseline_cadence", "99", "is not between 100 and 230"),
    ],
)
def test_wrong_answers_say_what_to_give(name: str, text: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        check(name, text)
    assert message in raised.value.worded()
    assert raised.value.field == name


def test_answers_are_read_the_way_people_write_them() -> None:
    assert check("units", "Miles") == "mi"
    assert check("units", "kilometres") == "km"
    assert check("timezone", "europe/london") == "Europe/London"
    assert check("timezone", "Etc/UTC") == "UTC"
    assert check("background", " Regular ") == "regular"
    assert check("start", "") is None
    assert check("baseline_cadence", "") is None
    assert check("longest_run", "4", {"weekly_volume": 10.0}) == 4.0
    with pytest.raises(UsageError, match="more than a month"):
        check("longest_run", "50", {"weekly_volume": 10.0})
    with pytest.raises(UsageError, match="3 sessions but 2 days"):
        check("sessions", "3", {"days": "Mon 07:00, Thu 07:00"})
