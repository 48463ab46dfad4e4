"""Browser fixtures: a real Chromium (through Playwright) against the built site.

The site is served under a sub-path (`/study/`), the way GitHub Pages serves a
project site, so every relative URL and every asset path is exercised as deployed.
Every request the page makes is recorded; requests to any other host are blocked
and recorded, so a test can prove the site works offline.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from subpath_server import LOCAL_HOST, PREFIX, base_url_of, bound_server, serving
from support import DEMO_VAULT, LAUNCH_ARGS, build_site, find_chromium
from views import in_flight

try:
    from playwright import sync_api
except ImportError:  # reported by the `browser` fixture: a skip locally, a failure in CI
    sync_api = None

# MathJax typesetting and the search worker can take a few seconds on a slow runner.
TIMEOUT_MS = 20_000


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def no_browser(reason: str) -> None:
    """Skip locally, fail in CI: a CI run must never silently skip the browser tests."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- server


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    """`http://127.0.0.1:PORT/study/`, serving the strict build of the demo vault."""
    with serving(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def deployed_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo vault built the way the deploy workflow builds it (SITE_URL set), served at that URL.

    Material only navigates instantly to pages listed in sitemap.xml, which needs site_url.
    """
    with bound_server() as server:
        url = base_url_of(server)
        site = tmp_path_factory.mktemp("deployed-site")
        process = build_site(DEMO_VAULT, site, SITE_URL=url)
        assert process.returncode == 0, f"strict build with SITE_URL={url} failed:\n{process.stderr}"
        server.site_dir = site  # type: ignore[attr-defined]
        server.start()  # type: ignore[attr-defined]
        yield url


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[sync_api.Browser]:
    if sync_api is None:
        no_browser("Playwright for Python is not installed (pip install -r requirements-test.txt)")
    executable = find_chromium()
    with sync_api.sync_playwright() as playwright:
        if executable is None:
            bundled = playwright.chromium.executable_path
            if not bundled or not Path(bundled).exists():
                no_browser(
                    "no Chromium found: install one (apt install chromium), set CHROMIUM_PATH, "
                    "or run `python -m playwright install chromium`"
                )
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        except sync_api.Error as error:
            no_browser(f"Chromium at {executable or 'Playwright default'} did not start: {error}")
        yield browser
        browser.close()


@dataclass
class RequestLog:
    """Every URL the page asked for, and the ones that left 127.0.0.1 (those are blocked)."""

    urls: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # local URLs that answered 4xx/5xx

    def record(self, url: str) -> None:
        self.urls.append(url)
        if not is_local(url) and url not in self.foreign:
            self.foreign.append(url)

    def assert_only_local(self) -> None:
        assert self.urls, "no request was recorded at all; the recorder is broken"
        assert not self.foreign, f"requests left {LOCAL_HOST}: {self.foreign}"

    def assert_nothing_broken(self) -> None:
        assert not self.broken, f"requests under {PREFIX}/ that failed: {self.broken}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOCAL_HOST


@pytest.fixture
def requests() -> RequestLog:
    return RequestLog()


@pytest.fixture
def context_options() -> dict:
    """Options of each test's browser context beyond the defaults; a test module may override it."""
    return {}


@pytest.fixture
def context(browser, requests: RequestLog, context_options: dict) -> Iterator[sync_api.BrowserContext]:
    options = {"viewport": {"width": 1400, "height": 1000}, "color_scheme": "light"} | context_options
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: requests.record(request.url))
    context.on(
        "response",
        lambda response: (
            requests.broken.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )

    def guard(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:  # offline by construction: anything foreign is recorded (above) and refused
            requests.record(url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator[sync_api.Page]:
    page = context.new_page()
    in_flight(page)  # counts its requests from the start, for `settle`
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    page.close()


@pytest.fixture
def assert_offline(requests: RequestLog):
    """Call at the end of a test: no request went to a host other than 127.0.0.1
    (data: and blob: URLs are fine), and none of the site's own URLs answered an error."""

    def check() -> None:
        requests.assert_only_local()
        requests.assert_nothing_broken()

    return check
