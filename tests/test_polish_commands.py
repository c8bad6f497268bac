"""What the commands say in Polish: plan's summary, a check-in's sentence, today,
squad status and squad.html, and the phone page (today, the form, a check-in logged,
its Undo, a form sent with mistakes): no English of ours left (tests/leaks.py), and
English as it was."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import NOW
from leaks import english, leaks
from serving import request, serving
from test_squad import squad
from test_squad_status import DAY, make_group
from typer.testing import CliRunner

from posecoach import i18n
from posecoach.cli import app
from posecoach.feed.forms import form_token
from posecoach.folder.plan_folder import PlanFolder
from posecoach.folder.tokens import read_token
from posecoach.render import text


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def known() -> set[str]:
    return english()


def test_a_session_is_named_by_its_day_in_each_language() -> None:
    wednesday = date(2027, 1, 20)
    with i18n.use("pl"):
        assert text.sessions_day(wednesday) == "trening ze środy, 20 stycznia"
        assert text.sessions_day(wednesday + timedelta(days=1)) == "trening z czwartku, 21 stycznia"
    with i18n.use("en"):
        assert text.sessions_day(wednesday) == "Wednesday's session, 20 January"


def test_plan_and_a_checkin_say_it_in_polish(
    runner: CliRunner, tmp_path: Path, known: set[str]
) -> None:
    out = str(tmp_path / "out")
    said = _run(runner, "plan", "--start", "2026-12-14", "--out", out, "--lang", "pl")
    assert "Pierwszy trening: wtorek, 15 grudnia, 18:30, Stopa i Pose." in said
    assert "12 tygodni, 36 treningów" in said
    assert "1 zmiana programu, każda wyjaśniona w plan.md." in said
    assert leaks(said, known) == []
    logged = _run(
        runner, "checkin", "--dir", out, "--date", "2026-12-15", "--pain", "6",
        "--where", "achilles", "--settled-next-morning", "no", "--rpe", "5",
    )  # fmt: skip
    assert "trening z wtorku, 15 grudnia (Stopa i Pose): ból 6/10 (ścięgno Achillesa)" in logged
    assert leaks(logged, known) == []
    today = _run(runner, "today", "--dir", out, "--date", "2026-12-16")
    assert leaks(today, known) == []


def test_a_rebuild_says_what_moved_in_the_plans_language(
    runner: CliRunner, tmp_path: Path, known: set[str]
) -> None:
    """No --lang: the folder's Polish speaks for the summary and its notes."""
    out = str(tmp_path / "out")
    _run(runner, "plan", "--start", "2026-12-14", "--out", out, "--lang", "pl")
    said = _run(runner, "plan", "--start", "2026-12-21", "--weeks", "10", "--out", out)
    assert "Uwaga: start przesunięty z 14 grudnia na 21 grudnia (jak podano w --start)" in said
    assert "Uwaga: plan ma teraz 10 tygodni, a nie 12" in said
    assert leaks(said, known) == []


def test_english_says_it_as_before(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    said = _run(runner, "plan", "--start", "2026-12-14", "--out", out)
    assert said.splitlines()[:3] == [
        "Pose Method transition, 12 weeks for Runner: 12 weeks, 36 sessions,"
        " 14 Dec 2026 – 7 Mar 2027.",
        "First session: Tue 15 Dec at 18:30, Foot and Pose.",
        "Times are in UTC.",
    ]
    assert "1 adjustment to the curriculum, each explained in plan.md." in said
    logged = _run(
        runner, "checkin", "--dir", out, "--date", "2026-12-15", "--pain", "2", "--where", "calf"
    )
    assert "Tuesday's session, 15 December (Foot and Pose): pain 2 at the calf" in logged


def test_squad_status_and_its_page_in_polish(
    runner: CliRunner, tmp_path: Path, known: set[str]
) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    code, out, err = squad(runner, "status", str(root), "--date", DAY, "--lang", "pl")
    assert code == 0, err
    assert leaks(out, known) == []
    page = (root / "squad.html").read_text()
    assert '<html lang="pl">' in page
    assert "5 osób; 3 wymagają uwagi" in page
    assert leaks(page, known, "html") == []
    code, out, err = squad(runner, "status", str(root), "--date", DAY, "--lang", "en")
    assert "5 athletes; 3 need a look" in (root / "squad.html").read_text()


@pytest.fixture(scope="module")
def polish_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Polish plan whose first week is last week, as the server's clock reads it."""
    today = NOW.date()
    monday = today - timedelta(days=today.weekday() + 7)
    folder = tmp_path_factory.mktemp("phone") / "plan"
    args = ["plan", "--start", monday.isoformat(), "--out", str(folder), "--lang", "pl"]
    assert CliRunner().invoke(app, args).exit_code == 0
    return folder


def _post(port: int, path: str, fields: dict[str, str]) -> tuple[int, str]:
    headers = {
        "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    status, _, body = request(port, path, "POST", headers, urlencode(fields).encode())
    return status, body.decode()


def test_the_phone_page_speaks_the_plans_polish(polish_folder: Path, known: set[str]) -> None:
    key = "runner-w01-s1"
    with serving(polish_folder) as served:
        token = read_token(PlanFolder(polish_folder))  # made by the first serve
        assert token is not None
        csrf = form_token(token, key)
        port = served.port
        pages: dict[str, str] = {}
        pages["today"] = request(port, f"/{token}/")[2].decode()
        pages["form"] = request(port, f"/{token}/checkin/{key}")[2].decode()
        fields = {"csrf": csrf, "status": "done", "cadence": "abc", "rpe": "12", "pain": "6"}
        status, pages["mistakes"] = _post(port, f"/{token}/checkin/{key}", fields)
        assert status == 400
        fields = {"csrf": csrf, "status": "done", "pain": "6", "where": "calf", "rpe": "5"}
        status, pages["done"] = _post(port, f"/{token}/checkin/{key}", fields)
        assert status == 200
        [checkin] = re.findall(r'name="checkin" value="(\d+)"', pages["done"])
        undo = {"csrf": csrf, "checkin": checkin}
        status, pages["undone"] = _post(port, f"/{token}/checkin/{key}/undo", undo)
        assert status == 200
        pages["missing"] = request(port, f"/{token}/checkin/no-such-session")[2].decode()
    assert {n: '<html lang="pl">' in p for n, p in pages.items()} == dict.fromkeys(pages, True)
    assert "Plan w twoim kalendarzu" in pages["today"]
    assert "Jak poszło?" in pages["form"]
    assert "Kadencja: &#39;abc&#39; to nie liczba" in pages["mistakes"]
    assert (
        "Wysiłek: 12 to nie ocena od 0 do 10 (0 odpoczynek ... 10 maksimum)." in pages["mistakes"]
    )
    assert "podpowiedź" not in pages["mistakes"]  # the hint in brackets, once
    assert "ból 6/10 (łydka)" in pages["done"]
    assert "Plan się zmienił" in pages["done"]
    assert "Cofnięto" in pages["undone"]
    assert "W tym planie nie ma takiego treningu" in pages["missing"]
    found = {name: leaks(page, known, "html") for name, page in pages.items()}
    assert found == {name: [] for name in pages}


def test_init_asks_in_polish(tmp_path: Path, known: set[str]) -> None:
    from pty_session import Session, environment

    session = Session("init", "--lang", "pl", cwd=tmp_path, env=environment(TZ="Europe/Warsaw"))
    for question, answer in [
        ("Twoje imię", "Kim"),
        ("Pierwszy dzień planu", ""),
        ("Twoja strefa czasowa", ""),
        ("Dni, w które możesz trenować", "Mon 07:00, Wed 18:30"),
        ("Treningi w tygodniu", "3"),
        ("treningów: 3, a dni na nie: 2", ""),
        ("Najdłuższy trening", "45"),
        ("Twoje bieganie", "regular"),
        ("Jednostki", "km"),
        ("Ile teraz biegasz", "dziesięć"),
        ("'dziesięć' to nie liczba", "10"),
        ("najdłuższy bieg", "4"),
        ("Kadencja na spokojnym biegu", ""),
    ]:
        session.expect(question)
        session.send(answer)
    assert session.finish() == 0, session.text
    asked = session.text.split("profile.yaml")[0]  # what init says after is the CLI's own
    # The days are typed with English weekday names, so the example shows them so.
    typed = "Mon 07:00, Wed 18:30, Sat 09:00"
    assert leaks(asked, known - {typed}) == []


def _older_folder(folder: Path) -> None:
    """The folder as an older posecoach left it: a record that names no language."""
    import json

    record = folder / PlanFolder.RECORD
    data = json.loads(record.read_text())
    for choice in ("language", "system_language", "spoken"):
        data["choices"].pop(choice, None)
    record.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


@pytest.mark.parametrize(
    ("asked", "lang"),
    [
        ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl"),
        ("en;q=0.5, pl;q=0.8", "pl"),
        ("de-DE, en;q=0.3, pl;q=0.2", "en"),
        ("pl;q=0, en;q=0.1", "en"),
        ("fr", "en"),
        (None, "en"),
    ],
)
def test_a_folder_with_no_language_speaks_as_the_browser_asks(
    tmp_path: Path, asked: str | None, lang: str
) -> None:
    """Only a folder whose record names no language (an older version's) takes the
    browser's Accept-Language (q-values honoured, pl-PL is Polish), else English; the
    answer says it varies with it, its 304 too."""
    today = NOW.date()
    folder = tmp_path / "plan"
    args = ["plan", "--start", (today - timedelta(days=today.weekday())).isoformat()]
    assert CliRunner().invoke(app, [*args, "--out", str(folder)]).exit_code == 0
    _older_folder(folder)
    headers = {} if asked is None else {"Accept-Language": asked}
    with serving(folder) as served:
        token = read_token(PlanFolder(folder))
        status, said, body = request(served.port, f"/{token}/", headers=headers)
        assert status == 200
        assert f'<html lang="{lang}">' in body.decode()
        assert said["vary"].lower() == "accept-language"
        again = {**headers, "If-None-Match": said["etag"]}
        status, said, _ = request(served.port, f"/{token}/", headers=again)
        assert (status, said["vary"].lower()) == (304, "accept-language")
        form = request(served.port, f"/{token}/checkin/runner-w01-s1", headers=headers)[2]
        assert f'<html lang="{lang}">' in form.decode()


def test_the_page_kept_for_one_language_is_not_served_in_another(tmp_path: Path) -> None:
    today = NOW.date()
    folder = tmp_path / "plan"
    args = ["plan", "--start", (today - timedelta(days=today.weekday())).isoformat()]
    assert CliRunner().invoke(app, [*args, "--out", str(folder)]).exit_code == 0
    _older_folder(folder)
    with serving(folder) as served:
        token = read_token(PlanFolder(folder))
        polish = request(served.port, f"/{token}/", headers={"Accept-Language": "pl"})
        english = request(served.port, f"/{token}/", headers={"Accept-Language": "en"})
        assert '<html lang="pl">' in polish[2].decode()
        assert '<html lang="en">' in english[2].decode()
        assert polish[1]["etag"] != english[1]["etag"]


def test_the_plans_own_language_comes_before_the_browsers(polish_folder: Path) -> None:
    with serving(polish_folder) as served:
        token = read_token(PlanFolder(polish_folder))
        headers = {"Accept-Language": "en-GB,en;q=0.9"}
        status, said, body = request(served.port, f"/{token}/", headers=headers)
    assert status == 200
    assert '<html lang="pl">' in body.decode()
    assert "vary" not in said
