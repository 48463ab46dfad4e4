"""The search layer on its own: which languages need Pagefind's extended binary, the part
of a written page that is indexed, and indexing it (the CLI for real, no MkDocs)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from support import pagefind_records
from vaultmark_search import PagefindError, StreamedIndex, index_pages, needs_extended, searchable_copy
from vaultmark_search.pagefind import ENTRY_FILE, MANIFEST_FILE, page_url, publish

EXTENDED_INSTALLED = importlib.util.find_spec("pagefind_bin_extended") is not None

PAGE = """<html lang="en"><head><title>T</title></head><body>
<nav>Navigation words</nav>
<!--vaultmark:search--><div data-pagefind-body data-pagefind-meta="source:notes">
<h1>Layer normalization</h1>
<h2 id="why">Why normalize?<a class="headerlink" href="#why">¶</a></h2>
<details class="vm-answer"><summary>Answer</summary><p>It keeps activations in range.</p></details>
</div><!--/vaultmark:search--><footer>Footer words</footer></body></html>"""


def copies(**pages: str) -> dict[str, str]:
    """Searchable copies of written pages, by their path in the site."""
    found = {path.replace("__", "/") + "/index.html": searchable_copy(html, "en") for path, html in pages.items()}
    return {path: copy for path, copy in found.items() if copy is not None}


@pytest.mark.parametrize("language", ["zh", "ja", "ko", "zh-TW", "zh_Hant", "JA"])
def test_unspaced_languages_need_the_extended_binary(language: str) -> None:
    assert needs_extended(language) is not EXTENDED_INSTALLED


@pytest.mark.parametrize("language", ["en", "de", "ru", "pt-BR"])
def test_spaced_languages_do_not(language: str) -> None:
    assert not needs_extended(language)


def test_only_the_marked_article_of_a_page_is_kept_in_the_sites_language() -> None:
    copy = searchable_copy(PAGE, "de")
    assert copy is not None and copy.startswith('<!doctype html><html lang="de">')
    assert "Layer normalization" in copy and "Navigation words" not in copy and "Footer words" not in copy
    assert searchable_copy("<html><body><p>Elsewhere</p></body></html>", "en") is None


@pytest.mark.parametrize(
    ("path", "url"),
    [("note/index.html", "/note/"), ("index.html", "/"), ("a b/c/index.html", "/a b/c/"), ("page.html", "/page.html")],
)
def test_a_page_is_found_at_its_url_in_the_site(path: str, url: str) -> None:
    assert page_url(path) == url


def test_pages_streamed_while_the_site_is_written_are_indexed_without_permalinks_or_answer_labels(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    stream = StreamedIndex(site / "pagefind")
    for path, copy in copies(note=PAGE, other__note=PAGE.replace("Layer", "Batch")).items():
        stream.add(path, copy)
    report = stream.write()
    assert report.pages == 2
    assert json.loads((site / "pagefind" / MANIFEST_FILE).read_text(encoding="utf-8"))["parts"] == []
    assert (site / "pagefind" / MANIFEST_FILE).stat().st_mode & 0o044 == 0o044, "a web server must read it"
    records = {record["url"]: record for record in pagefind_records(site)}
    assert sorted(records) == ["/note/", "/other/note/"]
    record = records["/note/"]
    assert record["meta"]["source"] == "notes" and record["meta"]["title"] == "Layer normalization"
    assert "Navigation" not in record["content"] and "¶" not in record["content"]
    assert "Answer" not in record["content"] and "activations in range" in record["content"]
    assert [anchor["id"] for anchor in record["anchors"] if anchor["element"] == "h2"] == ["why"]


def test_the_streamed_and_the_cli_index_hold_the_same_pages(tmp_path: Path) -> None:
    pages = copies(note=PAGE, other__note=PAGE.replace("Layer", "Batch"))
    stream = StreamedIndex(tmp_path / "streamed" / "pagefind")
    for path, copy in pages.items():
        stream.add(path, copy)
    stream.write()
    index_pages(pages, tmp_path / "cli" / "pagefind", tmp_path / "workspace")
    streamed, cli = (pagefind_records(tmp_path / name) for name in ("streamed", "cli"))
    assert sorted(streamed, key=lambda record: record["url"]) == sorted(cli, key=lambda record: record["url"])


def test_a_workspace_index_is_published_rewriting_only_what_changed(tmp_path: Path) -> None:
    bundle, workspace = tmp_path / "site" / "pagefind", tmp_path / "workspace"
    index_pages(copies(note=PAGE, other__note=PAGE, gone=PAGE), bundle, workspace)
    assert json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))["languages"]["en"]["page_count"] == 3
    assert (bundle / "pagefind.js").is_file()
    published = {path.name: path.stat().st_mtime_ns for path in (bundle / "fragment").iterdir()}

    edited = PAGE.replace("in range", "in a sane range")
    index_pages(copies(note=edited, other__note=PAGE), bundle, workspace)
    entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2, "a page no longer written is no longer indexed"
    after = {path.name: path.stat().st_mtime_ns for path in (bundle / "fragment").iterdir()}
    new = [name for name in after if name not in published]
    assert len(new) == 1, "only the edited page has a new fragment"
    assert all(after[name] == published[name] for name in published), "unchanged fragments are not copied again"
    [record] = [record for record in pagefind_records(tmp_path / "site") if "sane range" in record["content"]]
    assert record["url"] == "/note/"


def numbered(count: int) -> dict[str, str]:
    """`count` searchable pages, page-0/ to page-N/, each with a word of its own."""
    return copies(**{f"page-{number}": PAGE.replace("Layer", f"Layer{number}word") for number in range(count)})


def manifest(bundle: Path) -> dict:
    return json.loads((bundle / MANIFEST_FILE).read_text(encoding="utf-8"))


def test_a_large_index_is_written_in_parts_that_hold_every_page_once(tmp_path: Path) -> None:
    bundle = tmp_path / "streamed" / "pagefind"
    stream = StreamedIndex(bundle, part_pages=2)
    for path, copy in numbered(5).items():
        stream.add(path, copy)
    assert stream.write().pages == 5
    assert manifest(bundle)["parts"] == ["parts/2/", "parts/3/"]
    counts = [
        json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
        for folder in (bundle, bundle / "parts" / "2", bundle / "parts" / "3")
    ]
    assert counts == [2, 2, 1]
    urls = [record["url"] for record in pagefind_records(tmp_path / "streamed")]
    assert sorted(urls) == sorted(f"/page-{number}/" for number in range(5))

    index_pages(numbered(5), tmp_path / "cli" / "pagefind", tmp_path / "workspace", part_pages=2)
    assert manifest(tmp_path / "cli" / "pagefind")["parts"] == ["parts/2/", "parts/3/"]
    assert sorted(record["url"] for record in pagefind_records(tmp_path / "cli")) == sorted(urls)


def test_a_streamed_index_is_whole_when_written_and_its_manifest_names_what_is_on_disk(tmp_path: Path) -> None:
    """Built twice over the same site, as `mkdocs build` does: the manifest's version is
    made of each part's entry file as it is on disk, and each parses."""
    bundle = tmp_path / "site" / "pagefind"
    for words in ("in range", "in a sane range"):
        stream = StreamedIndex(bundle, part_pages=2)
        for path, copy in numbered(3).items():
            stream.add(path, copy.replace("in range", words))
        stream.write()
        entries = [(bundle / ENTRY_FILE).read_bytes(), (bundle / "parts" / "2" / ENTRY_FILE).read_bytes()]
        versions = [hashlib.sha256(entry).hexdigest()[:12] for entry in entries]
        assert manifest(bundle)["version"] == "-".join(versions)
        assert [json.loads(entry)["languages"]["en"]["page_count"] for entry in entries] == [2, 1]


def test_after_an_edit_only_the_part_holding_the_page_is_indexed_again(tmp_path: Path) -> None:
    bundle, workspace = tmp_path / "site" / "pagefind", tmp_path / "workspace"
    pages = numbered(4)
    index_pages(pages, bundle, workspace, part_pages=2)
    entries = [bundle / ENTRY_FILE, bundle / "parts" / "2" / ENTRY_FILE]
    before = [entry.stat().st_mtime_ns for entry in entries]
    version = manifest(bundle)["version"]

    pages["page-3/index.html"] = pages["page-3/index.html"].replace("in range", "in a sane range")
    index_pages(pages, bundle, workspace, part_pages=2)
    after = [entry.stat().st_mtime_ns for entry in entries]
    assert after[0] == before[0], "the first part did not change"
    assert after[1] != before[1], "the second part holds the edited page"
    assert manifest(bundle)["version"] != version, "the manifest tells the browser to reload"


def test_publishing_writes_the_entry_file_last_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    staged = tmp_path / "next"
    (staged / "fragment").mkdir(parents=True)
    (staged / "fragment" / "new.pf_fragment").write_bytes(b"x")
    (staged / ENTRY_FILE).write_text('{"new": true}', encoding="utf-8")
    publish(staged, bundle)
    assert json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8")) == {"new": True}
    assert (bundle / "fragment" / "new.pf_fragment").read_bytes() == b"x"
    assert not list(bundle.glob("tmp*")), "no temporary file is left behind"


def test_a_missing_binary_is_a_message_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(PagefindError, match="requirements.txt"):
        StreamedIndex(tmp_path / "site" / "pagefind")
    with pytest.raises(PagefindError, match="requirements.txt"):
        index_pages(copies(note=PAGE), tmp_path / "site" / "pagefind", tmp_path / "workspace")
