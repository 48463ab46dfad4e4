"""Shared helpers for the tests and bench/: where the repository is, building a site from a
vault, reading its pages, and running `mkdocs serve` on it."""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
DEMO_VAULT = REPO / "notes"
FIXTURES = REPO / "tests" / "fixtures"
# The first bytes of every (decompressed) Pagefind fragment file.
PAGEFIND_SIGNATURE = b"pagefind_dcd"

if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


# Chromium flags for a headless run in a container, with nothing fetched in the background.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """A system Chromium: $CHROMIUM_PATH, else the first one on PATH or in /usr/bin; None if none."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in (
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def bench_generator():
    """bench/generate.py as a module (the benchmarks' synthetic vault generator)."""
    return bench_module("generate")


def bench_module(name: str):
    """bench/<name>.py as a module (bench/ is no package: its scripts run by path)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def mkdocs_env(notes_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for a build of `notes_dir` (mkdocs.yml reads NOTES_DIR; default: notes/)."""
    env = dict(os.environ)
    if notes_dir is not None:
        env["NOTES_DIR"] = str(notes_dir)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def build_site(notes_dir: Path, site_dir: Path, strict: bool = True, **extra_env: str) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` of `notes_dir` into `site_dir`; never raises, returns the process."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command, cwd=REPO, env=mkdocs_env(notes_dir, **extra_env), capture_output=True, text=True, timeout=300
    )


def build_demo_with(notes: dict[str, str], folder: Path) -> Path:
    """A strict build of the demo vault plus `notes` (vault path -> text), under `folder`."""
    vault = folder / "notes"
    shutil.copytree(DEMO_VAULT, vault)
    for path, text in notes.items():
        (vault / path).write_text(text, encoding="utf-8")
    site = folder / "site"
    process = build_site(vault, site)
    assert process.returncode == 0, f"strict build failed:\n{process.stderr}"
    return site


def pagefind_records(site: Path) -> list[dict]:
    """Every page Pagefind indexed in a built site, in every part of its index: its fragment
    files (gzip, a signature, then JSON with url, content, anchors, meta and filters)."""
    records = []
    for path in sorted((site / "pagefind").glob("**/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(PAGEFIND_SIGNATURE), f"{path}: not a Pagefind fragment"
        records.append(json.loads(data[len(PAGEFIND_SIGNATURE) :]))
    return records


# Runs in a page of the site: Pagefind's own search over every part of the index (a fresh
# copy of its module, so a rewritten index is read anew), each result's URL and text.
PAGEFIND_QUERY = """async ([base, query]) => {
  const fresh = Date.now()
  const manifest = await (await fetch(base + "pagefind/vaultmark-parts.json?fresh=" + fresh)).json()
  const pagefind = await import(base + "pagefind/pagefind.js?fresh=" + fresh)
  await pagefind.init()
  for (const part of manifest.parts)
    await pagefind.mergeIndex(base + "pagefind/" + part)
  const response = await pagefind.search(query)
  return Promise.all(response.results.map(async (result) => {
    const data = await result.data()
    return { url: data.raw_url, content: data.content }
  }))
}"""


@contextmanager
def pagefind_searcher(base_url: str) -> Iterator[Callable[[str], list[dict]]]:
    """While the block runs, a function giving Pagefind's results for a query on a served
    site, queried in Chromium as the site's worker queries it: [{url, content}], best first."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            # A file of the index, not a page of the site: `mkdocs serve` reloads its pages.
            page.goto(base_url + "pagefind/pagefind-entry.json")
            yield lambda query: page.evaluate(PAGEFIND_QUERY, [base_url, query])
        finally:
            browser.close()


def pagefind_search(base_url: str, query: str) -> list[dict]:
    """Pagefind's results for one query on a served site (see `pagefind_searcher`). It runs
    in a thread of its own: Playwright's sync API refuses a thread where another Playwright
    session (the browser tests') already runs its event loop."""

    def query_once() -> list[dict]:
        with pagefind_searcher(base_url) as search:
            return search(query)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(query_once).result()


def free_port() -> int:
    """A TCP port nothing listens on right now, for a local server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_snapshot(roots) -> dict[str, tuple]:
    """Every file and folder under `roots`: path -> (sha256, mtime_ns) for files, ("dir", mtime_ns) for folders."""
    state: dict[str, tuple] = {}
    for root in roots:
        state[str(root)] = ("dir", root.stat().st_mtime_ns)
        for path in sorted(root.rglob("*")):
            stat = path.stat()
            if path.is_dir():
                state[str(path)] = ("dir", stat.st_mtime_ns)
            else:
                state[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns)
    return state


def snapshot_changes(before: dict, after: dict) -> list[str]:
    """What differs between two tree snapshots, one line per path."""
    found = [f"removed {p}" for p in before.keys() - after.keys()]
    found += [f"added {p}" for p in after.keys() - before.keys()]
    found += [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    return sorted(found)


def stop(process: subprocess.Popen) -> None:
    """Stop a server started for a test (Ctrl-C, as a user would), killing it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def soup(source: Path | str) -> BeautifulSoup:
    """A built page (a path) or an HTML text, parsed."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return BeautifulSoup(text, "html.parser")


def fetch(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """Status and body of a GET; (0, b"") while nothing answers, (code, b"") for HTTP errors."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


def fetch_text(url: str) -> str:
    """The body of a page that must be there, as text."""
    status, body = fetch(url)
    assert status == 200, f"GET {url} answered {status}"
    return body.decode("utf-8")


T = TypeVar("T")
POLL_INTERVAL = 0.05  # how often a condition is checked again; never a wait for something to happen


def wait_until(check: Callable[[], T | None], timeout: float, what: str) -> T:
    """Check `check()` until it returns something other than None or False, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(POLL_INTERVAL)


@dataclass
class ServedSite:
    """A running `mkdocs serve`: its process, base URL and log file."""

    process: subprocess.Popen
    base: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def body_with(self, path: str, needle: str, timeout: float = 120) -> str:
        """Poll the page at `path` until it holds `needle`; return its text."""

        def check() -> str | None:
            assert self.process.poll() is None, f"mkdocs serve exited early:\n{self.log_text()[-4000:]}"
            status, body = fetch(self.base + path, timeout=5)
            text = body.decode("utf-8", errors="replace")
            return text if status == 200 and needle in text else None

        try:
            return wait_until(check, timeout, f"{self.base + path} to show {needle!r}")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.log_text()[-4000:]}") from None


@contextmanager
def mkdocs_serve(
    vault: Path,
    log: Path,
    python: str = sys.executable,
    ready: str = "",
    options: tuple[str, ...] = (),
    **extra_env: str,
) -> Iterator[ServedSite]:
    """`mkdocs serve` of `vault` (with `options`) on a free local port while the block runs;
    ready once page `ready` (default: the home page) answers."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [python, "-m", "mkdocs", "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", *options],
            cwd=REPO,
            env=mkdocs_env(vault, **extra_env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        served = ServedSite(process, f"http://127.0.0.1:{port}/", log)
        try:
            served.body_with(ready, "", timeout=max(180.0, 0.5 * sum(1 for _ in vault.rglob("*.md"))))
            yield served
        finally:
            stop(process)
