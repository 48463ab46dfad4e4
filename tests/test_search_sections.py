"""A page's HTML as search documents: divided as Material's search parser divides it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from vaultmark import markup
from vaultmark_search.sections import page_documents

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def strip(text: str) -> str:
    """Text without whitespace or permalink signs: what both parsers must agree on."""
    return re.sub(r"\s|¶", "", text)


def plain(markup: str) -> str:
    """Material's kept markup (`<p>`, `<code>`...) dropped and its entities unescaped."""
    return strip(unescape(re.sub(r"<[^>]+>", "", markup)))


def sections(content: str) -> list[tuple[str, str, list[str]]]:
    return [(doc["location"], doc["title"], doc["blocks"]) for doc in page_documents(content, "p/", "Page title")]


def test_text_before_the_first_heading_is_the_page_and_headings_start_sections() -> None:
    content = (
        "<p>Intro with <code>x &lt; y</code>.</p>"
        '<h2 id="first">First <a class="headerlink" href="#first">¶</a></h2><p>One</p><ul><li>a</li><li>b</li></ul>'
        '<h3 id="second">Second</h3><pre><code>x = 1\n</code></pre>'
    )
    assert sections(content) == [
        ("p/", "Page title", ["Intro with x < y."]),
        ("p/#first", "First", ["One", "a", "b"]),
        ("p/#second", "Second", ["x = 1"]),
    ]


def test_a_leading_h1_titles_the_page_and_a_leading_h2_does_not() -> None:
    assert sections('<h1 id="top">Top</h1><p>Text</p>') == [("p/", "Top", ["Text"])]
    assert sections('<h2 id="sub">Sub</h2><p>Text</p>') == [("p/", "Page title", []), ("p/#sub", "Sub", ["Text"])]


def test_text_after_a_nested_heading_returns_to_the_enclosing_section() -> None:
    content = (
        '<h2 id="topic">Topic</h2><p>Before</p>'
        f'<div class="{markup.CARD}"><h3 id="q1">Question?</h3><details class="{markup.ANSWER}"><p>Answer</p></details></div>'
        "<p>After the card</p>"
    )
    assert sections(content) == [
        ("p/", "Page title", []),
        ("p/#topic", "Topic", ["Before", "After the card"]),
        ("p/#q1", "Question?", ["Answer"]),
    ]


def test_scripts_styles_line_numbers_and_excluded_parts_are_skipped() -> None:
    content = (
        "<p>Kept</p><script>var hidden = 1</script><style>.x { }</style>"
        "<div data-search-exclude><p>Not indexed</p></div>"
        '<table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre>1\n2</pre></div></td>'
        "<td><pre>code()</pre></td></tr></table>"
        '<h2 id="gone" data-search-exclude>Gone</h2><p>Dropped with its heading</p>'
    )
    assert sections(content) == [("p/", "Page title", ["Kept", "code()"])]


def test_tags_and_boost_from_the_page_metadata_are_on_every_document() -> None:
    meta = {"tags": ["ml", 3, None, {"not": "a tag"}], "search": {"boost": 2}}
    docs = page_documents('<p>a</p><h2 id="s">S</h2>', "p/", "T", meta)
    assert [(doc.get("tags"), doc.get("boost")) for doc in docs] == [(["ml", "3"], 2), (["ml", "3"], 2)]
    assert page_documents("<p>a</p>", "p/", "T", {"search": {"exclude": True}}) == []


def test_demo_pages_are_divided_exactly_as_materials_parser_divides_them(demo_site: Path) -> None:
    parser_module = pytest.importorskip("material.plugins.search.plugin")
    pages = 0
    for path in sorted(demo_site.rglob("index.html")):
        found = ARTICLE.search(path.read_text(encoding="utf-8"))
        if not found:
            continue
        pages += 1
        parser = parser_module.Parser()
        parser.feed(found.group(1))
        parser.close()
        theirs = [
            (section.id or "", plain("".join(section.text)), plain("".join(section.title)))
            for section in parser.data
            if not section.is_excluded()
        ]
        ours = [
            (doc["location"].partition("#")[2], strip("".join(doc["blocks"])), strip(doc["title"]))
            for doc in page_documents(found.group(1), "", "")
        ]
        assert [(anchor, text) for anchor, text, _ in ours] == [(anchor, text) for anchor, text, _ in theirs], path
        # Material titles an untitled section with the page title later; compare where it found one.
        titled = [(mine[2], title) for mine, (_, _, title) in zip(ours, theirs, strict=False) if title]
        assert all(mine == title for mine, title in titled), (path, titled)
    assert pages >= 10
