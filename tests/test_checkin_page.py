"""The check-in page in a real browser: headless Chromium, driven by chromedriver,
against `posecoach serve` on a free loopback port. And forged posts, which must
change nothing.

The plan starts on this week's Monday, so that the server's own "today" (read
from the clock, as a runner's phone would) falls inside it.
"""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from serving import request, serving
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token

DATA = Path(__file__).parent / "data"


class Site:
    def __init__(self, port: int, token: str, folder: Path) -> None:
        self.port, self.token, self.folder = port, token, folder

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{self.token}/{path}"

    def path(self, path: str = "") -> str:
        return f"/{self.token}/{path}"

    def state(self) -> tuple[bytes, bytes]:
        """What a forged request must not change: the log and the calendar."""
        log = self.folder / PlanFolder.CHECKINS
        return (log.read_bytes() if log.exists() else b"", (self.folder / "plan.ics").read_bytes())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan folder, built once per module; each test serves a copy of its own."""
    tmp_path = tmp_path_factory.mktemp("site")
    folder = tmp_path / "plan"
    today = NOW.date()  # the clock the server reads (POSECOACH_NOW), to place the plan
    # In week 3, where today's session has a cadence target and so a click track to play.
    monday = today - timedelta(days=today.weekday() + 14)
    profile = tmp_path / "profile.yaml"
    text = (DATA / "regular-runner.yaml").read_text()
    # A session every day, so that today has one whatever day the test runs.
    days = "".join(f'  {d}: "07:00"\n' for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    text = text.replace('  Mon: "07:00"\n  Wed: "18:30"\n  Sat: "09:00"\n', days)
    text = text.replace("sessions_per_week: 3", "sessions_per_week: 7")
    profile.write_text(text.replace("timezone: Europe/Berlin", "timezone: UTC"))
    args = ["plan", "-p", str(profile), "--start", monday.isoformat(), "-o", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Iterator[Site]:
    folder = Path(shutil.copytree(built, tmp_path / "plan"))
    with serving(folder) as served:
        token = read_token(PlanFolder(folder))
        assert token is not None
        yield Site(served.port, token, folder)


WAIT = 20  # seconds to look for an element before it counts as not there


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the module's tests (starting one costs a second or two)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    # A loaded machine may take a while to lay a page out: look for elements until
    # they are there (up to 20 s) rather than at the instant the page replaced the last.
    driver.implicitly_wait(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any) -> Any:
    """The module's browser, on a blank page with no cookies and an empty console log."""
    chromium.get("about:blank")
    chromium.delete_all_cookies()
    chromium.get_log("browser")  # read, so each test sees only its own messages
    return chromium


def follow(browser: Any, by: str, value: str) -> None:
    """Click the link or submit button found by (`by`, `value`) and wait for the next
    page to replace this one. Found afresh if the page was still settling when it was
    first found (Chromium then says the node "does not belong to the document")."""
    for attempt in range(3):
        element = browser.find_element(by, value)
        try:
            element.click()
            break
        except WebDriverException:
            if attempt == 2:
                raise
            WebDriverWait(browser, 20).until(
                lambda driver: driver.execute_script("return document.readyState") == "complete"
            )
    WebDriverWait(browser, 20).until(lambda _: gone(element))
    WebDriverWait(browser, 20).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def gone(element: Any) -> bool:
    """Whether `element` left the document: selenium's staleness_of knows only its own
    StaleElementReference, while Chromium may say "Node with given id does not belong
    to the document" of a node its page replaced."""
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False


def listed(browser: Any, by: str, value: str) -> list[str]:
    """The texts of every element found by (`by`, `value`) on the page shown, which may
    be none: looked for once, not for the implicit wait's 20 s an empty answer costs
    (call it after an element of the same page was found, so the page is there)."""
    browser.implicitly_wait(0)
    try:
        return [element.text for element in browser.find_elements(by, value)]
    finally:
        browser.implicitly_wait(WAIT)


def done(browser: Any) -> None:
    """Answer the form's first question, "How did it go?", with Done."""
    browser.find_element(By.CSS_SELECTOR, "input[name=status][value=done]").click()


def etag(site: Site) -> str:
    return request(site.port, site.path("plan.ics"))[1]["etag"]


def test_today_then_a_check_in_from_the_phone_changes_the_plan(site: Site, browser: Any) -> None:
    before = etag(site)
    browser.get(site.url())
    assert browser.find_element(By.TAG_NAME, "h1").text == "Today"
    assert browser.find_elements(By.CSS_SELECTOR, ".session .item")  # the drills, with figures
    play = browser.find_element(By.ID, "play")  # today's session has a cadence target
    play.click()  # the script ran under the page's Content-Security-Policy
    assert play.text == "Stop"
    play.click()
    assert play.text == "Start"
    follow(browser, By.LINK_TEXT, "Log this session")

    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Log: ")
    done(browser)
    browser.find_element(By.ID, "cadence").send_keys("168")
    browser.find_element(By.ID, "rpe").send_keys("4")
    browser.find_element(By.ID, "pain").send_keys("6")
    Select(browser.find_element(By.ID, "where")).select_by_value("calf")
    Select(browser.find_element(By.ID, "settled")).select_by_value("no")
    browser.find_element(By.ID, "note").send_keys("tight <b>calf</b> & stiff")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")

    assert browser.find_element(By.CSS_SELECTOR, ".kicker").text == "LOGGED"
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "cadence 168" in heading
    assert "pain 6 at the calf" in heading
    changes = browser.find_element(By.CSS_SELECTOR, ".changes").text
    assert "Stepping back" in changes
    log = (site.folder / PlanFolder.CHECKINS).read_text()
    assert '"cadence":168.0' in log
    assert "tight <b>calf</b> & stiff" in log  # kept as typed, shown escaped
    assert etag(site) != before  # the calendar follows at once

    follow(browser, By.LINK_TEXT, "Back to today")
    assert "Logged: done" in browser.find_element(By.CSS_SELECTOR, ".actions").text
    assert browser.find_element(By.CSS_SELECTOR, ".actions form.undo button").text == "Undo"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # no blocked script or style: the policy allows exactly the page's own


def test_a_wrong_answer_shows_the_form_again_and_logs_nothing(site: Site, browser: Any) -> None:
    before = site.state()
    key = next(s.key for s in PlanFolder(site.folder).read_plan().sessions)
    browser.get(site.url(f"checkin/{key}"))
    done(browser)
    browser.find_element(By.ID, "pain").send_keys("6")  # and no region
    browser.find_element(By.ID, "note").send_keys("</textarea><script>document.title='x'</script>")
    browser.execute_script("document.querySelector('form').noValidate = true")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    alert = browser.find_element(By.CSS_SELECTOR, ".errors").text
    assert "Nothing was logged" in alert
    assert "needs the place that hurt" in alert
    assert browser.find_element(By.ID, "pain").get_attribute("value") == "6"  # kept
    note = browser.find_element(By.ID, "note").get_attribute("value")
    assert note == "</textarea><script>document.title='x'</script>"  # kept as text, escaped
    assert browser.title != "x"
    assert "&lt;/textarea&gt;&lt;script&gt;" in browser.page_source
    assert site.state() == before


def post(site: Site, path: str, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        connection.request("POST", site.path(path), body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_forged_posts_change_nothing(site: Site) -> None:
    sessions = PlanFolder(site.folder).read_plan().sessions
    key, other = sessions[0].key, sessions[1].key
    good = form_token(site.token, key)
    fields = "status=done&cadence=170&pain=8&where=calf&csrf={}".format
    before = site.state()
    refused = {
        "no token": post(site, f"checkin/{key}", b"status=done&cadence=170", FORM),
        "wrong token": post(site, f"checkin/{key}", fields("0" * 40).encode(), FORM),
        "another session's token": post(
            site, f"checkin/{key}", fields(form_token(site.token, other)).encode(), FORM
        ),
        "another plan's token": post(
            site, f"checkin/{key}", fields(form_token("x" * 32, key)).encode(), FORM
        ),
        "no such session": post(
            site,
            "checkin/nope-w01-s1",
            fields(form_token(site.token, "nope-w01-s1")).encode(),
            FORM,
        ),
        "cross-site": post(
            site, f"checkin/{key}", fields(good).encode(), {**FORM, "Sec-Fetch-Site": "cross-site"}
        ),
        "oversize": post(
            site, f"checkin/{key}", fields(good).encode() + b"&n=" + b"x" * 20000, FORM
        ),
        "not a form": post(site, f"checkin/{key}", b"{}", {"Content-Type": "application/json"}),
    }
    assert refused == {
        "no token": 403,
        "wrong token": 403,
        "another session's token": 403,
        "another plan's token": 403,
        "no such session": 404,
        "cross-site": 403,
        "oversize": 413,
        "not a form": 400,
    }
    assert post(site, "", fields(good).encode(), FORM) == 405  # today's page takes no post
    assert site.state() == before
    assert post(site, f"checkin/{key}", fields(good).encode(), FORM) == 200  # the real one
    assert site.state() != before


def test_pages_are_only_under_the_token(site: Site) -> None:
    for path in ("/", "/checkin/x", f"/{site.token[:-1]}/", f"/{site.token}x/checkin/a"):
        assert request(site.port, path)[0] == 404
    status, headers, _ = request(site.port, f"/{site.token}")
    assert (status, headers["location"]) == (308, f"{site.token}/")
    status, headers, body = request(site.port, site.path())
    assert status == 200
    assert "script-src 'sha256-" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "same-origin"
    assert site.token.encode() not in body  # links are relative: the token is not repeated


@pytest.mark.parametrize(
    ("name", "treadmill"),
    [("garmin-connect-ns3-runcadence.tcx", False), ("treadmill-accelerometer-distance.tcx", True)],
)
def test_a_watch_file_uploaded_from_the_phone(
    site: Site, browser: Any, tmp_path: Path, name: str, treadmill: bool
) -> None:
    session = PlanFolder(site.folder).read_plan().sessions[2]
    source = DATA / "activities" / "generated" / name
    run = tmp_path / "morning-run.tcx"  # the same run, on the session's day
    run.write_text(source.read_text().replace("2027-01-05", session.date.isoformat()))
    browser.get(site.url(f"checkin/{session.key}"))
    done(browser)
    browser.find_element(By.ID, "rpe").send_keys("3")
    browser.find_element(By.ID, "source").send_keys(str(run))
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "steps/min over" in page, page
    assert ("A treadmill or indoor run (no GPS in the file)" in page) == treadmill
    logged = (site.folder / PlanFolder.CHECKINS).read_text()
    assert f'"session":"{session.key}"' in logged
    assert '"cadence":17' in logged  # 86-87 strides a minute, read as steps: about 173


def test_calendar_events_link_their_check_in_page(tmp_path: Path, runner: CliRunner) -> None:
    profile = tmp_path / "profile.yaml"
    text = (DATA / "regular-runner.yaml").read_text()
    profile.write_text(text + "calendar:\n  public_url: coach.example.org/sam/\n")
    folder = tmp_path / "plan"
    args = ["plan", "-p", str(profile), "--start", "2027-01-04", "-o", str(folder)]
    assert runner.invoke(app, args).exit_code == 0
    token = read_token(PlanFolder(folder))
    assert token is not None  # made by the plan, as the links need it
    ics = (folder / "plan.ics").read_bytes().replace(b"\r\n ", b"").decode()
    plan = PlanFolder(folder).read_plan()
    for session in plan.sessions:
        link = f"Log this session: https://coach.example.org/sam/{token}/checkin/{session.key}"
        assert link in ics
    rotated = runner.invoke(app, ["feed", "token", "-d", str(folder), "--rotate"])
    assert rotated.exit_code == 0, rotated.output
    fresh = read_token(PlanFolder(folder))
    ics = (folder / "plan.ics").read_bytes().replace(b"\r\n ", b"").decode()
    assert token not in ics  # the old links went with the old token
    assert fresh is not None
    assert f"/{fresh}/checkin/" in ics


@pytest.mark.parametrize("given", ["http://coach.example.org", "coach.example.org/?x=1", "a b"])
def test_a_public_url_must_be_https(tmp_path: Path, runner: CliRunner, given: str) -> None:
    profile = tmp_path / "profile.yaml"
    text = (DATA / "regular-runner.yaml").read_text()
    profile.write_text(text + f'calendar:\n  public_url: "{given}"\n')
    result = runner.invoke(app, ["plan", "-p", str(profile), "-o", str(tmp_path / "plan")])
    assert result.exit_code == 2
    assert "public_url" in result.output
    assert "is not an HTTPS address" in result.output


def log_lines(site: Site) -> list[str]:
    log = site.folder / PlanFolder.CHECKINS
    return log.read_text().splitlines() if log.exists() else []


def test_an_empty_form_is_refused_in_the_browser_and_by_the_server(
    site: Site, browser: Any
) -> None:
    before = site.state()
    key = next(s.key for s in PlanFolder(site.folder).read_plan().sessions)
    browser.get(site.url(f"checkin/{key}"))
    submit = browser.find_element(By.CSS_SELECTOR, "form button[type=submit]")
    submit.click()  # nothing chosen: the browser keeps the form and asks
    status = browser.find_element(By.CSS_SELECTOR, "input[name=status]")
    assert status.get_attribute("required") is not None
    assert browser.execute_script("return document.querySelector('form').checkValidity()") is False
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Log: ")
    # A browser that does not check (or no browser) is refused by the server.
    browser.execute_script("document.querySelector('form').noValidate = true")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    alert = browser.find_element(By.CSS_SELECTOR, ".errors").text
    assert "Nothing was logged" in alert
    assert "How did it go? Choose Done or Missed" in alert
    form = f"csrf={form_token(site.token, key)}&cadence=&rpe=&note=".encode()
    assert post(site, f"checkin/{key}", form, FORM) == 400
    assert site.state() == before


def test_undo_takes_a_check_in_back_and_brings_a_replaced_one_back(
    site: Site, browser: Any
) -> None:
    browser.get(site.url())
    follow(browser, By.LINK_TEXT, "Log this session")
    done(browser)
    browser.find_element(By.ID, "cadence").send_keys("168")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    assert "cadence 168" in browser.find_element(By.TAG_NAME, "h1").text
    changed = listed(browser, By.CSS_SELECTOR, ".changes li")
    follow(browser, By.CSS_SELECTOR, "form.undo button")
    assert browser.find_element(By.CSS_SELECTOR, ".kicker").text == "TAKEN BACK"
    assert "cadence 168" in browser.find_element(By.TAG_NAME, "h1").text
    # What the check-in changed in the plan, its undo changes back.
    assert listed(browser, By.CSS_SELECTOR, ".changes li") == changed
    if not changed:
        assert "The plan is as it was before this check-in." in browser.page_source
    first, retraction = log_lines(site)  # appended, never deleted
    assert '"cadence":168.0' in first
    assert retraction.startswith('{"retracts":1,')
    follow(browser, By.LINK_TEXT, "Back to today")
    assert browser.find_elements(By.LINK_TEXT, "Log this session")  # not logged any more

    # Logged again, then changed: the change replaces it, and its Undo brings it back.
    follow(browser, By.LINK_TEXT, "Log this session")
    done(browser)
    browser.find_element(By.ID, "cadence").send_keys("170")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    follow(browser, By.LINK_TEXT, "Back to today")
    follow(browser, By.LINK_TEXT, "Change it")
    assert (
        "You logged this session already"
        in browser.find_element(By.CSS_SELECTOR, ".replacing").text
    )
    cadence = browser.find_element(By.ID, "cadence")
    assert cadence.get_attribute("value") == "170"  # its answers, to change what needs it
    done_box = browser.find_element(By.CSS_SELECTOR, "input[name=status][value=done]")
    assert done_box.is_selected()
    cadence.clear()
    cadence.send_keys("174")
    follow(browser, By.CSS_SELECTOR, "form button[type=submit]")
    assert "cadence 174" in browser.find_element(By.TAG_NAME, "h1").text
    assert "It replaces what you logged before" in browser.find_element(By.TAG_NAME, "main").text
    assert '"replaces":3' in log_lines(site)[-1]
    follow(browser, By.CSS_SELECTOR, "form.undo button")
    said = browser.find_element(By.TAG_NAME, "main").text
    assert "What you logged before stands again: cadence 170." in said
    assert log_lines(site)[-1].startswith('{"retracts":4,')
    follow(browser, By.LINK_TEXT, "Back to today")
    assert "Logged: done" in browser.find_element(By.CSS_SELECTOR, ".actions").text
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_undo_is_only_a_post_from_the_page_for_its_own_session(site: Site) -> None:
    sessions = PlanFolder(site.folder).read_plan().sessions
    key, other = sessions[0].key, sessions[1].key
    good = form_token(site.token, key)
    logged = f"status=done&rpe=3&csrf={good}".encode()
    assert post(site, f"checkin/{key}", logged, FORM) == 200
    before = site.state()
    undo = "csrf={}&checkin={}".format
    refused = {
        "get": request(site.port, site.path(f"checkin/{key}/undo"))[0],
        "no token": post(site, f"checkin/{key}/undo", b"checkin=1", FORM),
        "another session's token": post(
            site, f"checkin/{key}/undo", undo(form_token(site.token, other), 1).encode(), FORM
        ),
        "another session's check-in": post(
            site,
            f"checkin/{other}/undo",
            undo(form_token(site.token, other), 1).encode(),
            FORM,
        ),
        "no such check-in": post(site, f"checkin/{key}/undo", undo(good, 9).encode(), FORM),
        "cross-site": post(
            site,
            f"checkin/{key}/undo",
            undo(good, 1).encode(),
            {**FORM, "Sec-Fetch-Site": "cross-site"},
        ),
    }
    assert refused == {
        "get": 405,
        "no token": 403,
        "another session's token": 403,
        "another session's check-in": 400,
        "no such check-in": 400,
        "cross-site": 403,
    }
    assert site.state() == before
    assert post(site, f"checkin/{key}/undo", undo(good, 1).encode(), FORM) == 200
    assert log_lines(site)[-1].startswith('{"retracts":1,')
    assert post(site, f"checkin/{key}/undo", undo(good, 1).encode(), FORM) == 200  # said again
    assert len(log_lines(site)) == 2  # taken back once


def test_the_page_offers_to_subscribe_with_webcal_and_the_full_address(
    site: Site, browser: Any
) -> None:
    browser.get(site.url())
    subscribe = browser.find_element(By.ID, "subscribe")
    feed = f"127.0.0.1:{site.port}/{site.token}/plan.ics"
    assert browser.find_element(By.ID, "apple").get_attribute("href") == f"webcal://{feed}"
    address = browser.find_element(By.ID, "feed-address")
    assert address.get_attribute("value") == f"http://{feed}"  # the page's own scheme
    assert browser.find_element(By.ID, "copy").is_displayed()
    said = subscribe.text
    assert "Subscribe in Apple Calendar" in said
    assert "From URL" in said  # Google Calendar, on the web
    assert "Subscribe from web" in said  # Outlook
    assert browser.find_element(By.ID, "plain-http").is_displayed()  # no HTTPS here: said
    assert request(site.port, site.path("plan.ics"))[0] == 200
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
