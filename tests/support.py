"""Shared helpers for tests: where the repository is and how to build a site from a vault."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
DEMO_VAULT = REPO / "notes"
FIXTURES = REPO / "tests" / "fixtures"

if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


def bench_generator():
    """bench/generate.py as a module (the benchmarks' synthetic vault generator)."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def mkdocs_env(notes_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a build of `notes_dir` (mkdocs.yml reads NOTES_DIR)."""
    env = dict(os.environ)
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


def site_search(site: Path) -> Callable[[str], str]:
    """Reads files under a built site's `search/` folder, for `search_documents`."""
    return lambda relative: (site / "search" / relative).read_text(encoding="utf-8")


def served_search(get: Callable[[str], str], base_url: str) -> Callable[[str], str]:
    """Reads files under a served site's `search/` folder with `get(url) -> text`."""
    return lambda relative: get(base_url + "search/" + relative)


def page_search(page, base_url: str) -> Callable[[str], str]:
    """Reads files under a served site's `search/` folder through a Playwright page."""
    return served_search(lambda url: page.request.get(url).text(), base_url)


def search_documents(read: Callable[[str], str]) -> list[dict]:
    """The site's search documents (location, title, text, tags), read back from the sharded
    index the way the search worker reads them; `read` gets a path under `search/`."""
    manifest = json.loads(read("index/manifest.json"))
    docs = []
    for page_id, page in enumerate(manifest["pages"]):
        texts = json.loads(read(f"index/pages/{page_id}.json"))["text"]
        for title, anchor, blocks in zip(page["titles"], page["anchors"], texts, strict=True):
            location = page["url"] + (f"#{anchor}" if anchor else "")
            docs.append({"location": location, "title": title, "text": " ".join(blocks), "tags": page.get("tags", [])})
    return docs


def search_postings(read: Callable[[str], str], term: str) -> dict[str, int]:
    """Location -> posting code of every document holding an index term, pages edited during
    `serve` taken from the manifest's overlay instead of the shard, as the worker does."""
    from vaultmark_search.shards import shard_key

    manifest = json.loads(read("index/manifest.json"))
    key = shard_key(term)
    stored = json.loads(read(f"index/terms/{key}.json")).get(term, []) if key in manifest["shards"] else []
    hits = [stored[i : i + 3] for i in range(0, len(stored), 3) if str(stored[i]) not in manifest["overlay"]]
    for page_id, postings in manifest["overlay"].items():
        values = postings.get(term, [])
        hits += [[int(page_id), *values[i : i + 2]] for i in range(0, len(values), 2)]
    pages = manifest["pages"]
    return {
        pages[page]["url"] + (f"#{pages[page]['anchors'][section]}" if section else ""): code
        for page, section, code in hits
    }


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
    """Stop a server started for a test, killing it if it does not exit in time."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
