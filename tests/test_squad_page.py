"""squad.html: the squad's status as one self-contained, printable page."""

from __future__ import annotations

import re
from pathlib import Path

from test_html import needs_browser, pdf_pages, print_to_pdf, squash
from test_squad import SQUAD, squad
from test_squad_status import DAY, make_group
from typer.testing import CliRunner


def test_squad_plan_and_status_write_the_page(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    page = root / "squad.html"
    assert page.is_file()  # squad plan wrote it
    code, out, err = squad(runner, "status", str(root), "--date", DAY)
    assert code == 0, err
    assert f"Overview: {page}" in out
    html = page.read_text()
    assert "<script" not in html
    assert "<link" not in html
    assert "url(" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@page { size: A4 landscape;" in html
    names = re.findall(r"<span class=\"id\">([a-z]+)</span>", html)
    assert names == ["pat", "missy", "quick", "calm", "ulla"]
    rows = html.split("<tr class=")[1:]
    assert rows[0].startswith('"pain')
    assert rows[0].count('<circle class="pain"') == 1
    assert "pain 6/10 at the calf" in rows[0]
    assert rows[2].startswith('"off')
    assert html.count('<svg class="spark"') == 4  # missy has no cadence to draw
    # The same status again: the page is not written again.
    stamp = page.stat().st_mtime_ns, page.stat().st_ino
    code, _, _ = squad(runner, "status", str(root), "--date", DAY, "--json")
    assert code == 0
    assert (page.stat().st_mtime_ns, page.stat().st_ino) == stamp


def test_names_are_escaped(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD.replace("Track group", "'<i>Group</i>'"))
    (root / "athletes" / "zoe.yaml").write_text('name: "Zoë <script>x</script>"\n')
    code, _, err = squad(runner, "plan", str(root))
    assert code == 0, err
    html = (root / "squad.html").read_text()
    assert "<script>x" not in html
    assert "<i>Group" not in html
    assert "Zoë &lt;script&gt;x&lt;/script&gt;" in html


@needs_browser
def test_the_page_prints_in_chromium(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "club"
    make_group(runner, root)
    code, _, err = squad(runner, "status", str(root), "--date", DAY)
    assert code == 0, err
    pdf = tmp_path / "squad.pdf"
    print_to_pdf(root / "squad.html", pdf)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    text = squash(pages[0])
    assert "Track group" in text
    order = [text.index(name) for name in ("Pat", "Missy", "Quick", "Calm", "Ulla")]
    assert order == sorted(order)
    assert "6/10 calf" in text
    assert "150/160 -6% off" in text


@needs_browser
def test_the_page_fits_a_phone(runner: CliRunner, tmp_path: Path) -> None:
    """390 px wide, no sideways scrolling: each athlete a card on a phone."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    root = tmp_path / "club"
    make_group(runner, root)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        # A phone's screen: headless windows are no narrower than 500 px.
        metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.get((root / "squad.html").as_uri())
        inner = driver.execute_script("return window.innerWidth")
        wide = driver.execute_script("return document.documentElement.scrollWidth")
        assert inner <= 390
        assert wide <= inner, f"the page is {wide} px wide in a {inner} px window"
    finally:
        driver.quit()
