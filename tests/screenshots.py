"""Screenshots of the demo site for a person to look at: every view of tests/browser/views.py,
desktop and phone, light and dark, from a strict build served under `/study/`.

    .venv/bin/python tests/screenshots.py                 # into test-artifacts/screenshots/
    .venv/bin/python tests/screenshots.py --out /tmp/shots

A script, not a test: a picture is checked by looking at it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE / "browser"), str(HERE.parent / "hooks")]

from playwright.sync_api import sync_playwright  # noqa: E402

from subpath_server import serving  # noqa: E402
from support import DEMO_VAULT, LAUNCH_ARGS, REPO, build_site, find_chromium  # noqa: E402
from views import DESKTOP, MOBILE, VIEWS  # noqa: E402

SCHEMES = ("light", "dark")
# A modal dialog, a graph or a preview is photographed as the reader sees it: the screen, not the whole page.
SCREEN_ONLY = {"study-session", "local-graph", "full-graph", "link-preview"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "screenshots")
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        process = build_site(DEMO_VAULT, site)
        if process.returncode != 0:
            print(process.stderr, file=sys.stderr)
            return 1
        with serving(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
            for scheme in SCHEMES:
                for device, viewport in (("desktop", DESKTOP), ("phone", MOBILE)):
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    for name, view in VIEWS.items():
                        page = context.new_page()
                        view(page, base_url)
                        target = arguments.out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=name not in SCREEN_ONLY)
                        print(target)
                        page.close()
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
