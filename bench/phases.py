"""Where a build's time goes: one `mkdocs build --strict --verbose` of the site, in this
process, with the functions of each phase wrapped in timers.

    python bench/phases.py VAULT SITE_DIR [--json out.json]

MkDocs has no profiling events of its own, and cProfile's overhead (several times the
build) would move the shares, so each phase is a short list of the functions that do its
work, wrapped before the configuration loads:

* feature phases (normalize, search index, study data, Anki, backlinks and graph) own
  everything they call: the Markdown an Anki field is rendered with is Anki's time;
* the other phases (Markdown, highlighting, templates and nav, copying assets, writing
  pages) count only their own time: highlighting inside Markdown is highlighting's, not
  Markdown's twice.

What no phase claims is "other": MkDocs collecting files, building page objects and TOCs,
Material's plugins, the hook's own checks. Only the main thread is timed (the search
index is written by Pagefind in another process; the build's share of it is what the
main thread spends handing pages over and waiting at the end). A wrapper costs about a
microsecond a call, a few thousand calls per thousand notes.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Phase:
    name: str
    owns_callees: bool  # a feature: what it calls is its time
    targets: tuple[str, ...]  # "module:Class.method" or "module:function"


PHASES = [
    Phase("normalize", True, ("vaultmark.build:VaultBuild.run", "vaultmark.build:VaultBuild.page_source")),
    Phase(
        "backlinks and graph",
        True,
        (
            "vaultmark.links:LinkGraph.build",
            "vaultmark.tagpages:TagIndex.build",
            "vaultmark_mkdocs.connections:ConnectionsManager.page_end",
            "vaultmark_mkdocs.connections:ConnectionsManager.add_tag_pages",
            "vaultmark_mkdocs.connections:ConnectionsManager.page_markdown",
            "vaultmark_mkdocs.connections:ConnectionsManager.header_tags",
            "vaultmark_mkdocs.connections:ConnectionsManager.write",
        ),
    ),
    Phase(
        "search index",
        True,
        (
            "vaultmark_mkdocs.search:SearchManager.start",
            "vaultmark_mkdocs.search:SearchManager.mark_page",
            "vaultmark_mkdocs.search:SearchManager.record",
            "vaultmark_mkdocs.search:SearchManager.write",
            "material.plugins.search.plugin:SearchPlugin.on_page_context",
            "material.plugins.search.plugin:SearchPlugin.on_post_build",
        ),
    ),
    Phase(
        "study data",
        True,
        ("vaultmark_mkdocs.study:StudyManager.page_content", "vaultmark_mkdocs.study:StudyManager.write"),
    ),
    Phase("Anki", True, ("vaultmark_mkdocs.anki:AnkiManager.write",)),
    Phase("Markdown", False, ("markdown.core:Markdown.convert",)),
    Phase("highlighting", False, ("pymdownx.highlight:Highlight.highlight",)),
    Phase(
        "templates and nav",
        False,
        ("jinja2.environment:Template.render", "mkdocs.commands.build:get_navigation"),
    ),
    Phase("copying assets", False, ("mkdocs.structure.files:File.copy_file",)),
    Phase("writing pages", False, ("mkdocs.utils:write_file",)),
]


@dataclass
class _Frame:
    phase: Phase
    started: float
    children: float = 0.0


@dataclass
class PhaseTimer:
    """Exclusive time per phase on the main thread, and how often each was entered."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    stack: list[_Frame] = field(default_factory=list)
    clock: Callable[[], float] = time.perf_counter

    def wrap(self, phase: Phase, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is not threading.main_thread() or self._owned():
                return function(*args, **kwargs)
            frame = _Frame(phase, self.clock())
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                elapsed = self.clock() - frame.started
                self.seconds[phase.name] = self.seconds.get(phase.name, 0.0) + elapsed - frame.children
                self.calls[phase.name] = self.calls.get(phase.name, 0) + 1
                if self.stack:
                    self.stack[-1].children += elapsed

        return timed

    def _owned(self) -> bool:
        """Inside a feature phase, whatever else runs is that feature's."""
        return any(frame.phase.owns_callees for frame in self.stack)

    def install(self) -> None:
        for phase in PHASES:
            for target in phase.targets:
                module_name, _, qualname = target.partition(":")
                owner: Any = importlib.import_module(module_name)
                *parents, name = qualname.split(".")
                for parent in parents:
                    owner = getattr(owner, parent)
                raw = owner.__dict__[name]
                if isinstance(raw, classmethod):
                    setattr(owner, name, classmethod(self.wrap(phase, raw.__func__)))
                elif isinstance(raw, staticmethod):
                    setattr(owner, name, staticmethod(self.wrap(phase, raw.__func__)))
                else:
                    setattr(owner, name, self.wrap(phase, raw))


def run(vault: Path, site_dir: Path) -> dict[str, Any]:
    """Build the site of `vault` into `site_dir` with timers; seconds per phase, and the total."""
    os.environ["NOTES_DIR"] = str(vault)
    sys.path.insert(0, str(REPO / "hooks"))  # the hook's packages, imported here first so the timers are theirs
    timer = PhaseTimer()
    timer.install()
    from mkdocs.commands import build
    from mkdocs.config import load_config

    # As `mkdocs build --verbose` logs: warnings counted by the caller, the hook's debug lines kept.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    started = time.perf_counter()
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build.build(config)
    finally:
        config.plugins.on_shutdown()
    total = time.perf_counter() - started
    phases = {phase.name: timer.seconds.get(phase.name, 0.0) for phase in PHASES}
    phases["other"] = total - sum(phases.values())
    return {"total_s": total, "phases_s": phases, "calls": timer.calls}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--json", type=Path, help="write the seconds per phase here")
    args = parser.parse_args(argv)
    with contextlib.chdir(REPO):
        result = run(args.vault.resolve(), args.site_dir.resolve())
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    width = max(len(name) for name in result["phases_s"])
    for name, seconds in result["phases_s"].items():
        print(f"{name:<{width}}  {seconds:7.2f} s  {seconds / result['total_s']:5.1%}")
    print(f"{'total':<{width}}  {result['total_s']:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
