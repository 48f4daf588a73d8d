"""Browser tests: Python Playwright driving Debian's chromium against pytest-django's live server.

Playwright cannot download its own browsers here, so it launches ``/usr/bin/chromium``
(``scripts/system-deps`` installs it). A missing chromium fails these tests: they never skip.
Every test gets a fresh profile and a phone-sized screen; ``shot(page, name)`` keeps a
screenshot in ``artifacts/screenshots/<test>/<n>-<name>.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(scripts/system-deps installs it: apt-get install chromium)"
        )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def phone(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserContext]:
    """A phone-sized browser with a fresh, empty profile."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        **PHONE,
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(phone: BrowserContext) -> Page:
    return phone.pages[0] if phone.pages else phone.new_page()


@pytest.fixture
def site(live_server, transactional_db, settings, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The live server's address; data the test creates is committed, so the server sees it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return str(live_server.url)


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """``shot(page, name)``: a full-page screenshot, numbered in the order the test takes them."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    taken = 0

    def take(page: Page, name: str) -> Path:
        nonlocal taken
        taken += 1
        path = folder / f"{taken:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
