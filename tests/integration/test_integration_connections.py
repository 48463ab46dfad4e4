"""Backlinks, the graph's data and the switches, on real `mkdocs build --strict` runs.

A small vault holds every way one note can point at another (wikilink, heading, block,
embed, Markdown link, a link in an answer) and the ways that must not count (in code,
inside what a note embeds, to itself, from an unpublished note).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from support import build_site, soup
from vaultmark import markup

VAULT = {
    "Target.md": "# Target\n\nThe target note.\n\n## Part\n\nA part of it. ^block-one\n",
    "Plain.md": "# Plain\n\nFirst sentence. The [[Target]] matters here. Last sentence.\n",
    "Heading link.md": "# Heading link\n\nSee [[Target#Part|the part]] for details.\n",
    "Block link.md": "# Block link\n\nQuoted: [[Target#^block-one]].\n",
    "Embedder.md": "# Embedder\n\n![[Target#Part]]\n",
    "Markdown link.md": "# Markdown link\n\nA [plain link](Target.md) too.\n",
    "Cards.md": ("# Cards\n\nQ: What does the target note say?\nA: The answer is secret, read [[Target]].\n"),
    "Code only.md": "# Code only\n\n```\n[[Target]]\n```\n\nAnd `[[Target]]` inline.\n",
    "Embeds a linker.md": "# Embeds a linker\n\n![[Plain]]\n",
    "Draft.md": "---\npublish: false\n---\n# Draft\n\n[[Target]] from a draft.\n",
    "Self.md": "# Self\n\n## A\n\nSee [[#A]] and [[Self]].\n",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("linked") / "notes"
    for path, text in VAULT.items():
        (root / "Links").mkdir(parents=True, exist_ok=True)
        (root / "Links" / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(vault: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("linked-site")
    result = build_site(vault, out)
    assert result.returncode == 0, result.stderr
    return out


def backlinks(site: Path, page: str) -> dict[str, list[str]]:
    """Each linking note's title, with its contexts, in the order the page lists them."""
    section = soup(site / page / "index.html").find("aside", class_=markup.BACKLINKS)
    if section is None:
        return {}
    found = {}
    for item in section.find_all("li"):
        contexts = [span.get_text() for span in item.find_all("span", class_=f"{markup.BACKLINKS}__context")]
        found[item.find("a").get_text()] = contexts
    return found


def test_every_kind_of_link_is_listed_once_in_title_order(site: Path) -> None:
    listed = backlinks(site, "Links/Target")
    assert list(listed) == ["Block link", "Cards", "Embedder", "Heading link", "Markdown link", "Plain"]
    assert listed["Plain"] == ["The Target matters here."]
    assert listed["Heading link"] == ["See the part for details."]
    assert listed["Block link"] == ["Quoted: Target › block-one."]
    assert listed["Markdown link"] == ["A plain link too."]


def test_a_link_in_an_answer_is_shown_by_its_question(site: Path) -> None:
    assert backlinks(site, "Links/Target")["Cards"] == ["What does the target note say?"]
    section = soup(site / "Links/Target/index.html").find("aside", class_=markup.BACKLINKS)
    assert "secret" not in section.get_text()


def test_links_that_are_not_the_notes_own_do_not_count(site: Path) -> None:
    """Code, what a note embeds, a draft, and a note's links to itself."""
    listed = backlinks(site, "Links/Target")
    assert "Code only" not in listed and "Embeds a linker" not in listed and "Draft" not in listed
    assert backlinks(site, "Links/Self") == {}
    assert backlinks(site, "Links/Plain") == {"Embeds a linker": ["Embeds Plain"]}
    assert backlinks(site, "Links/Target")["Embedder"] == ["Embeds Target › Part"]


def test_backlinks_link_to_the_linking_note_and_stay_out_of_search_and_toc(site: Path) -> None:
    page = soup(site / "Links/Target/index.html")
    section = page.find("aside", class_=markup.BACKLINKS)
    assert section["data-pagefind-ignore"] == "all"
    link = section.find("a", string="Plain")
    assert (site / "Links/Target" / link["href"] / "index.html").resolve() == (
        site / "Links/Plain/index.html"
    ).resolve()
    toc = page.select(".md-sidebar--secondary a")
    assert markup.BACKLINKS_TITLE not in [a.get_text(strip=True) for a in toc]


def test_graph_file_has_pages_and_links_and_no_text(site: Path) -> None:
    graph = json.loads((site / "graph.json").read_text(encoding="utf-8"))
    titles = [node["title"] for node in graph["nodes"]]
    assert "Draft" not in titles and sorted(titles) == sorted(name[:-3] for name in VAULT if name != "Draft.md")
    number = {node["title"]: index for index, node in enumerate(graph["nodes"])}
    edges = {tuple(edge) for edge in graph["edges"]}
    linked = {"Plain", "Heading link", "Block link", "Embedder", "Markdown link", "Cards"}
    for title in linked:
        assert tuple(sorted((number[title], number["Target"]))) in edges, title
    assert tuple(sorted((number["Embeds a linker"], number["Plain"]))) in edges
    assert len(edges) == len(linked) + 1, "code, drafts and self-links are no edges"
    for node in graph["nodes"]:
        assert (site / unquote(node["url"]) / "index.html").is_file(), node
        assert set(node) == {"title", "url", "category"}
    assert graph["categories"] == ["Links"]
    page = soup(site / "Links/Target/index.html").find("div", class_=markup.GRAPH)
    assert page["data-graph-page"] == "Links/Target/"


def test_the_switches_leave_them_out(vault: Path, tmp_path: Path) -> None:
    result = build_site(vault, tmp_path / "off", BACKLINKS="false", GRAPH="false")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "off/Links/Target/index.html")
    assert page.find("aside", class_=markup.BACKLINKS) is None
    assert page.find("div", class_=markup.GRAPH) is None
    assert not (tmp_path / "off/graph.json").exists()
    assert not (tmp_path / "off/graph").exists(), "the Graph page needs the graph"


def test_a_bad_switch_stops_the_build(vault: Path, tmp_path: Path) -> None:
    result = build_site(vault, tmp_path / "bad", BACKLINKS="sometimes")
    assert result.returncode != 0
    assert "extra.backlinks must be true or false" in result.stderr


def test_demo_graph_page_and_note_markers(demo_site: Path) -> None:
    graph = json.loads((demo_site / "graph.json").read_text(encoding="utf-8"))
    assert {node["title"] for node in graph["nodes"]} >= {"Convolution", "Loss functions", "Convolutions notebook"}
    full = soup(demo_site / "graph/index.html").find("div", class_=markup.GRAPH)
    assert full is not None and full.has_attr("data-graph-full")
