"""The review page in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) opens the review of the IOM PDF fixture from disk, a click on a
record's row highlights its box and brings it into view, the keyboard steps to the next
record, and a click on a box selects its row. A screenshot is kept in
``test-artifacts/review.png``.

Without Chromium the tests skip, naming the packages; under CI (``CI`` set) they fail,
since ``.ci/run`` installs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from pipeline.tools.review import load_review, read_output, review_html

from .conftest import FIXTURES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
DOCUMENT = "iom-venezuela-regional-response-2021-q2"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


def _need_chromium() -> None:
    if CHROMIUM.is_file() and CHROMEDRIVER.is_file():
        return
    message = (
        f"headless Chromium is not installed ({CHROMIUM}, {CHROMEDRIVER}): "
        "apt-get install chromium chromium-driver"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs them)")
    pytest.skip(message)


def _no_selenium_manager(*_: object, **__: object) -> NoReturn:
    raise AssertionError("Selenium Manager was asked for a driver: it would use the network")


@pytest.fixture(scope="module")
def page(pdf_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_chromium()
    pdf = FIXTURES / DOCUMENT / f"{DOCUMENT}.pdf"
    review = load_review(read_output(pdf_output), DOCUMENT, pdf)
    path = tmp_path_factory.mktemp("review") / f"{DOCUMENT}.html"
    path.write_text(review_html(review), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    with pytest.MonkeyPatch.context() as patch:  # explicit paths: no driver download
        patch.setattr(SeleniumManager, "binary_paths", _no_selenium_manager)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _state(browser: Any, number: int) -> dict[str, Any]:
    """Whether record ``number``'s row and box are selected, and the box is in view."""
    return dict(
        browser.execute_script(
            """
            const row = document.getElementById("row-" + arguments[0]);
            const box = document.getElementById("box-" + arguments[0]);
            const r = box.getBoundingClientRect(), style = getComputedStyle(box);
            const pane = document.querySelector(".viewer").getBoundingClientRect();
            return {
              row: row.classList.contains("selected"),
              box: box.classList.contains("selected"),
              current: box.getAttribute("aria-current"),
              outline: `${style.outlineStyle} ${style.outlineWidth}`,
              in_view: r.top >= pane.top && r.bottom <= pane.bottom
                && r.top >= 0 && r.bottom <= window.innerHeight,
              focused: document.activeElement.closest("tr") === row,
              selected: document.querySelectorAll(".selected").length,
            };
            """,
            number,
        )
    )


def test_clicking_a_row_highlights_its_box_and_keys_step_through(browser: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    target = browser.find_element(By.CSS_SELECTOR, 'section[data-page="4"] tr.record')
    number = int(target.get_attribute("data-record"))
    assert not _state(browser, number)["in_view"]  # page 4 is below the fold
    target.click()
    assert _state(browser, number) == {
        "row": True,
        "box": True,
        "current": "true",
        "outline": "solid 3px",
        "in_view": True,
        "focused": True,
        "selected": 2,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "review.png"))

    browser.switch_to.active_element.send_keys("j")
    left = _state(browser, number)
    assert not left["box"] and left["outline"].startswith("none ")
    following = _state(browser, number + 1)
    assert following["row"] and following["box"] and following["in_view"] and following["focused"]
    browser.switch_to.active_element.send_keys("k")
    assert _state(browser, number)["box"] and not _state(browser, number + 1)["box"]


def test_clicking_a_box_selects_its_row_and_tab_enter_selects_the_next(
    browser: Any, page: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    box = browser.find_element(By.ID, "box-2")
    box.click()
    state = _state(browser, 2)
    assert state["row"] and state["box"] and state["focused"]
    assert "Record 2" in browser.find_element(By.ID, "status").get_attribute("textContent")
    browser.switch_to.active_element.send_keys(Keys.TAB)  # to the next record's button
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert _state(browser, 3)["box"] and not _state(browser, 2)["box"]


def test_the_layout_roles_toggle_shows_each_block_with_its_role(browser: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    blocks = browser.find_elements(By.CSS_SELECTOR, "div.role")
    assert blocks, "the page draws no layout block"
    assert not any(b.is_displayed() for b in blocks)  # hidden until asked for
    browser.find_element(By.ID, "show-roles").click()
    shown = [b for b in blocks if b.is_displayed()]
    assert shown
    roles = {b.get_attribute("data-role") for b in blocks}
    assert {"key_figure", "heading"} & roles
    named = {b.find_element(By.CSS_SELECTOR, ".role-name").text for b in shown}
    assert any(named), "a shown block names its role"
    browser.find_element(By.ID, "show-roles").click()
    assert not any(b.is_displayed() for b in blocks)
