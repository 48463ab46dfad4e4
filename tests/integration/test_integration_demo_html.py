"""Per-syntax checks of the HTML of the demo vault, built once with `mkdocs build --strict`."""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from support import DEMO_VAULT, pagefind_records, soup
from vaultmark import markup

CONVOLUTION = "Concepts/Convolution"
LOSS_FUNCTIONS = "Concepts/Loss functions"
INTERVIEW = "Interview/Deep learning interview"
SCRIBBLES = "Scribbles/Scribbles"
QUESTIONNAIRE = "Courses/Practical deep learning - chapter 4 questionnaire"
NOTEBOOK = "Courses/Convolutions notebook"
NOTE_PAGES = (CONVOLUTION, LOSS_FUNCTIONS, INTERVIEW, SCRIBBLES, QUESTIONNAIRE, NOTEBOOK)

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


@cache
def _parse(path: Path) -> BeautifulSoup:
    return soup(path)


def page(site: Path, name: str) -> BeautifulSoup:
    """The parsed `<name>/index.html` of the site (`""` for the home page)."""
    path = site / name / "index.html" if name else site / "index.html"
    assert path.is_file(), f"{path.relative_to(site)} was not built"
    return _parse(path)


def article(site: Path, name: str) -> Tag:
    found = page(site, name).select_one("article.md-content__inner")
    assert found is not None
    return found


def html_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "mathjax" not in path.relative_to(site).parts)


def text(node: Tag) -> str:
    return " ".join(node.get_text().split())


def resolve(site: Path, html_file: Path, href: str) -> tuple[Path, str]:
    """The site file an internal `href` of `html_file` points at, and its (unquoted) fragment."""
    parts = urlsplit(href)
    if not parts.path:
        return html_file, unquote(parts.fragment)
    folder = html_file.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    assert not target.startswith(".."), f"{href} leaves the site"
    path = site / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def assert_link_ok(site: Path, html_file: Path, href: str) -> Path:
    target, fragment = resolve(site, html_file, href)
    where = html_file.relative_to(site)
    assert target.is_file(), f"{where}: link {href!r} points at a file that is not in the site"
    if fragment and target.suffix == ".html":
        assert _parse(target).find(id=fragment) is not None, f"{where}: link {href!r}: no id {fragment!r} in target"
    return target


# --- callouts -----------------------------------------------------------------------------------


def test_callouts_render_as_admonitions(demo_site: Path) -> None:
    body = article(demo_site, CONVOLUTION)
    note = body.select_one("div.admonition.note")
    assert note is not None and "computes cross-correlation" in text(note)
    assert note.select_one("p.admonition-title").get_text(strip=True) == "Note"

    info = body.select_one("div.admonition.info")  # written `>[!info]`, without the space
    assert info is not None and "same for height and width" in text(info)

    tip = body.select_one("div.admonition.tip")
    assert tip is not None and tip.select_one("p.admonition-title") is not None
    assert tip.select_one("table") is not None, "the table inside the tip callout was not rendered"


def test_folded_and_expanded_callouts(demo_site: Path) -> None:
    body = article(demo_site, CONVOLUTION)
    folded = body.select_one("details.warning")
    assert folded is not None, "`> [!warning]-` did not become <details>"
    assert not folded.has_attr("open"), "a `-` callout must start folded"
    assert folded.find("summary").get_text(strip=True) == "Folded: depthwise convolutions"
    nested = folded.select_one("div.admonition.example")
    assert nested is not None and "320" in text(nested), "the nested callout is missing"

    expanded = body.select_one("details.question")
    assert expanded is not None, "`> [!question]+` did not become <details>"
    assert expanded.has_attr("open"), "a `+` callout must start open"
    assert expanded.find("summary").get_text(strip=True) == "Expanded: what about dilation?"


def test_unknown_callout_type_renders_as_note(demo_site: Path) -> None:
    body = article(demo_site, CONVOLUTION)
    custom = [
        box
        for box in body.select("div.admonition")
        if box.select_one("p.admonition-title")
        and box.select_one("p.admonition-title").get_text(strip=True) == "Custom"
    ]
    assert len(custom) == 1, "the `[!mytype] Custom` callout is missing"
    assert "note" in custom[0]["class"]
    assert "generic callout box" in text(custom[0])


def test_math_in_callout_title(demo_site: Path) -> None:
    tip = article(demo_site, CONVOLUTION).select_one("div.admonition.tip")
    title = tip.select_one("p.admonition-title")
    math = title.select_one("span.arithmatex")
    assert math is not None, f"no arithmatex span in the callout title: {title}"
    assert math.get_text() == r"\(k^2 C\)"
    assert text(title).startswith("Each filter costs")


def test_callout_code_block_followed_by_list(demo_site: Path) -> None:
    """`> [!example]` with a fenced block then a `- ` list: Obsidian renders both, the list as a list."""
    example = next(
        box
        for box in article(demo_site, CONVOLUTION).select("div.admonition.example")
        if "Count them in code" in box.select_one("p.admonition-title").get_text()
    )
    code = example.select_one("div.highlight code")
    assert code is not None and "conv.parameters()" in code.get_text()
    items = [text(li) for li in example.select("ul > li")]
    assert items == ["weight has shape (16, 3, 3, 3)", "bias has shape (16,)"], (
        f"the list after the code block is not rendered as a list: {text(example)!r}"
    )
    assert code.find_parent("p") is None, "the code block is nested inside a <p>"


@pytest.mark.parametrize("name", NOTE_PAGES)
def test_code_blocks_are_not_inside_paragraphs(demo_site: Path, name: str) -> None:
    """A fence right after a text line (as Obsidian allows) must still be a block, not part of a <p>."""
    nested = [text(block)[:60] for block in article(demo_site, name).select("div.highlight") if block.find_parent("p")]
    assert nested == [], f"code blocks nested in <p> (invalid HTML): {nested}"


def _interview_callout_source() -> str:
    """The code of the `> [!example]- Code` callout as Obsidian shows it (`>` stripped, tabs at 4)."""
    lines = (DEMO_VAULT / "Interview" / "Deep learning interview.md").read_text(encoding="utf-8").split("\n")
    start = lines.index(">```python")
    end = lines.index(">```", start + 1)
    return "\n".join(line[1:].expandtabs(4) for line in lines[start + 1 : end])


def test_callout_code_with_tabs_is_valid_python(demo_site: Path) -> None:
    card = next(
        card
        for card in article(demo_site, INTERVIEW).select(f"div.{markup.CARD}")
        if "SGD-with-momentum optimizer" in card.find("h2").get_text()
    )
    callout = card.select_one("details.example")
    assert callout is not None, "the folded `[!example]- Code` callout is missing"
    assert not callout.has_attr("open")
    code = callout.select_one("div.highlight pre code")
    assert code is not None, "the callout's code block is not a highlighted code block"
    assert code.select("span.k") and code.select_one("span.nc").get_text() == "MomentumSGD", "not highlighted as python"
    source = code.get_text().rstrip("\n")
    compile(source, "momentum_sgd.py", "exec")
    assert source == _interview_callout_source()
    lines = source.split("\n")
    for expected in (
        "class MomentumSGD:",
        "    def __init__(self, params, lr=0.01, beta=0.9):",
        "        self.params = list(params)",
        "        self.buf = [torch.zeros_like(p) for p in self.params]",
        "    def zero_grad(self):",
        "            p.grad = None",
        "    @torch.no_grad()",
        "    def step(self):",
        "        for p, v in zip(self.params, self.buf):",
        "                continue",
        "            p.sub_(self.lr * v)",
    ):
        assert expected in lines, f"{expected!r} not found with this indentation in:\n{source}"
    assert all("\t" not in line and (len(line) - len(line.lstrip(" "))) % 4 == 0 for line in lines)


# --- wikilinks, embeds, attachments --------------------------------------------------------------


@pytest.mark.parametrize("name", NOTE_PAGES)
def test_links_in_notes_resolve(demo_site: Path, name: str) -> None:
    html_file = demo_site / name / "index.html"
    for link in article(demo_site, name).find_all("a", href=True):
        href = link["href"]
        if EXTERNAL.match(href) or href.startswith("mailto:"):
            continue
        assert_link_ok(demo_site, html_file, href)


def test_all_internal_links_resolve(demo_site: Path) -> None:
    """Every relative link of every page (nav, tags, category pages, home) reaches a file and id."""
    broken = []
    for html_file in html_pages(demo_site):
        if html_file.name == "404.html":
            continue
        for link in _parse(html_file).find_all("a", href=True):
            href = link["href"]
            if EXTERNAL.match(href) or href.startswith("mailto:"):
                continue
            try:
                assert_link_ok(demo_site, html_file, href)
            except AssertionError as error:
                broken.append(str(error).split("\n")[0])
    assert broken == []


def test_wikilink_forms(demo_site: Path) -> None:
    body = article(demo_site, CONVOLUTION)
    html_file = demo_site / CONVOLUTION / "index.html"
    loss_page = (demo_site / LOSS_FUNCTIONS / "index.html").resolve()

    related = body.find(id="related").find_next("ul")
    items = {text(li).split(":")[0]: li for li in related.find_all("li")}
    for label in ("Full loss reference", "Short name", "Same page, different label"):
        link = items[label].find("a")
        assert link is not None, f"{label}: no link"
        assert assert_link_ok(demo_site, html_file, link["href"]).resolve() == loss_page, f"{label}: wrong target"
    assert items["Short name"].find("a").get_text() == "Losses", "[[Losses]] shows the alias as written, like Obsidian"
    assert items["Same page, different label"].find("a").get_text() == "alias"

    section = items["Cross-entropy section"].find("a")
    assert section["href"].endswith("#cross-entropy")
    assert assert_link_ok(demo_site, html_file, section["href"]).resolve() == loss_page

    block = items["Definition of cross-entropy"].find("a")
    target, fragment = resolve(demo_site, html_file, block["href"])
    assert target.resolve() == loss_page and fragment == "^ce-def"
    anchor = article(demo_site, LOSS_FUNCTIONS).find(id="^ce-def")
    assert anchor is not None, "block id ^ce-def has no anchor in Loss functions"
    assert "negative log-probability" in text(anchor.parent)
    assert "^ce-def" not in text(article(demo_site, LOSS_FUNCTIONS)), "the block id marker is shown as text"

    ce = [a for a in body.find_all("a", href=True) if a.get_text() == "CE"]
    assert len(ce) == 1 and ce[0]["href"].endswith("#cross-entropy")
    same_page = [a for a in body.find_all("a", href=True) if a.get_text() == "Parameters"]
    assert same_page and assert_link_ok(demo_site, html_file, same_page[0]["href"]).resolve() == html_file.resolve()
    assert "[[" not in text(body), "an unconverted wikilink is left in the page"


def test_image_embeds(demo_site: Path) -> None:
    body = article(demo_site, CONVOLUTION)
    html_file = demo_site / CONVOLUTION / "index.html"
    images = body.find_all("img")
    sized = [img for img in images if img.get("width") == "300"]
    assert len(sized) == 1 and sized[0]["src"].endswith("conv-kernel.png")
    for img in images:
        assert_link_ok(demo_site, html_file, img["src"])
    assert any(img["src"].endswith("diagram.svg") for img in images)


def test_heading_transclusion(demo_site: Path) -> None:
    embeds = article(demo_site, CONVOLUTION).select(f".{markup.EMBED}")
    assert len(embeds) == 1
    embed = embeds[0]
    assert "negative log-probability assigned to the correct class" in text(embed)
    assert "F.cross_entropy" in text(embed)
    assert embed.select_one("div.arithmatex") is not None, "the embedded display math is missing"
    assert "Mean squared error" not in text(embed), "the embed runs past the end of its section"


def test_pdf_embed_is_a_download_link(demo_site: Path) -> None:
    html_file = demo_site / CONVOLUTION / "index.html"
    links = article(demo_site, CONVOLUTION).select("a[download]")
    assert len(links) == 1
    assert links[0]["href"].endswith("cheatsheet.pdf")
    target = assert_link_ok(demo_site, html_file, links[0]["href"])
    assert target.read_bytes() == (DEMO_VAULT / "attachments" / "cheatsheet.pdf").read_bytes()


def test_attachments_are_copied(demo_site: Path) -> None:
    for source in (DEMO_VAULT / "attachments").iterdir():
        copy = demo_site / "attachments" / source.name
        assert copy.is_file(), f"attachment {source.name} not copied"
        assert copy.read_bytes() == source.read_bytes()


# --- math --------------------------------------------------------------------------------------


def _math(body: Tag) -> list[str]:
    return [span.get_text() for span in body.select("span.arithmatex")]


def test_inline_math_keeps_asterisks(demo_site: Path) -> None:
    assert r"\((5*5*3 + 1) * 8\)" in _math(article(demo_site, INTERVIEW))


def test_inline_math_keeps_underscores(demo_site: Path) -> None:
    spans = _math(article(demo_site, SCRIBBLES))
    assert r"\(z_t = \sum_{j = 1}^{T} a_{tj} v_{j}\)" in spans
    assert r"\(X_i \in \mathbb{R}^{100}\)" in spans
    assert r"\(\min_w \|w\|^2\)" in spans
    assert "<em>" not in str(article(demo_site, SCRIBBLES).select("span.arithmatex"))


def test_dollar_amounts_stay_text(demo_site: Path) -> None:
    body = article(demo_site, SCRIBBLES)
    budget = body.find(id="cloud-budget").find_next("ul")
    assert "costs $2 and $8 per hour respectively" in text(budget)
    assert "about $80." in text(budget)
    assert not budget.select(".arithmatex"), "dollar amounts became math"


def test_code_is_untouched(demo_site: Path) -> None:
    body = article(demo_site, SCRIBBLES)
    codes = [code.get_text() for code in body.find_all("code")]
    assert "$x$" in codes and "[[not a link]]" in codes
    assert not [code for code in body.find_all("code") if code.select(".arithmatex, a")]


def test_display_math(demo_site: Path) -> None:
    blocks = article(demo_site, LOSS_FUNCTIONS).select("div.arithmatex")
    assert len(blocks) == 3
    assert r"\mathcal{L}_{CE} = -\sum_{c=1}^{C} y_c \log p_c" in blocks[0].get_text()


# --- other Obsidian and markdown syntax ------------------------------------------------------------


def test_highlight(demo_site: Path) -> None:
    marks = [mark.get_text() for mark in article(demo_site, SCRIBBLES).find_all("mark")]
    assert marks == ["memory is usually the real bottleneck"]
    assert "==" not in text(article(demo_site, SCRIBBLES))


def test_comments_are_not_published(demo_site: Path) -> None:
    html = (demo_site / SCRIBBLES / "index.html").read_text(encoding="utf-8")
    assert "tidy these up before sharing" not in html
    assert "Open question for myself" not in html
    assert "%%" not in html
    assert "Loose notes collected while reading papers and docs. Not polished." in text(article(demo_site, SCRIBBLES))
    index = json.dumps(pagefind_records(demo_site))
    assert "tidy these up" not in index and "Open question for myself" not in index


def test_inline_tag_on_page_and_tags_index(demo_site: Path) -> None:
    scribbles = page(demo_site, SCRIBBLES)
    header = {text(a): a["href"] for a in scribbles.select("nav.md-tags a.md-tag")}
    assert "optimization" in header and "scribbles" in header
    html_file = demo_site / SCRIBBLES / "index.html"
    tag_page = assert_link_ok(demo_site, html_file, header["optimization"])
    assert tag_page.resolve() == (demo_site / "tags" / "optimization" / "index.html").resolve()
    chip = article(demo_site, SCRIBBLES).find("a", class_=markup.TAG, string="#optimization")
    assert chip is not None, "the inline #optimization chip does not link to its page"
    assert assert_link_ok(demo_site, html_file, chip["href"]).resolve() == tag_page.resolve()
    listed = soup(tag_page).find("article").find("ul")
    assert [text(a) for a in listed.find_all("a")] == ["Scribbles"]
    tag_index = article(demo_site, "tags")
    index_links = {text(a): a["href"] for a in tag_index.select("li > a")}
    for tag in ("concept", "cnn", "interview", "course", "fastai", "scribbles", "optimization", "ml", "ml/vision"):
        assert f"#{tag}" in index_links, tag
        assert_link_ok(demo_site, demo_site / "tags" / "index.html", index_links[f"#{tag}"])


def test_nested_tag_grouped_under_its_parent(demo_site: Path) -> None:
    """`#ml/vision` (inline, in Convolution) is listed on its own page and, grouped, on `#ml`'s."""
    vision = soup(demo_site / "tags" / "ml" / "vision" / "index.html").find("article")
    assert [text(a) for a in vision.select("ul a")] == ["Convolution"]
    assert "1 note, 0 questions" in text(vision)
    parent = soup(demo_site / "tags" / "ml" / "index.html").find("article")
    group = parent.find("h2")
    assert group is not None and text(group).startswith("#ml/vision")
    assert [text(a) for a in group.find_next("ul").find_all("a")] == ["Convolution"]
    nested = article(demo_site, "tags").find("a", string="#ml").find_parent("li").find("ul")
    assert nested is not None and [text(a) for a in nested.find_all("a")] == ["#ml/vision"]


def test_tags_of_the_help_examples_stay_off_the_tag_pages(demo_site: Path) -> None:
    """The help page writes `#writing-notes-demo` and its flashcards example is tagged `flashcards`."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    assert "#writing-notes-demo" in (docs / "writing-notes.md").read_text(encoding="utf-8")
    assert "tags: [flashcards]" in (docs / "writing-notes" / "flashcards-example.md").read_text(encoding="utf-8")
    listed = {text(a).lstrip("#") for a in article(demo_site, "tags").select("li > a")}
    assert listed == {"concept", "cnn", "interview", "course", "fastai", "scribbles", "optimization", "ml", "ml/vision"}
    for tag in ("writing-notes-demo", "flashcards"):
        assert not (demo_site / "tags" / tag).exists(), tag


def test_task_list(demo_site: Path) -> None:
    tasks = article(demo_site, SCRIBBLES).select("ul.task-list li.task-list-item")
    assert [text(li) for li in tasks] == [
        "Re-derive the attention gradient by hand",
        "Read the ZeRO paper",
        "Implement CTC forward pass in NumPy",
        "Compare VAE and diffusion samples on MNIST",
    ]
    checked = [li.select_one("input[type=checkbox]").has_attr("checked") for li in tasks]
    assert checked == [True, True, False, False]


def test_footnotes(demo_site: Path) -> None:
    body = article(demo_site, SCRIBBLES)
    ref = body.select_one("sup a.footnote-ref")
    assert ref is not None and ref["href"] == "#fn:1"
    note = body.select_one("div.footnote li[id='fn:1']")
    assert note is not None and "Taylor expansion" in text(note)
    assert note.select_one("a.footnote-backref")["href"] == "#fnref:1"


def test_tables(demo_site: Path) -> None:
    table = article(demo_site, SCRIBBLES).find("table")
    assert table is not None
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Strategy",
        "What is split",
        "Memory per GPU",
    ]
    assert [tr.find("td").get_text(strip=True) for tr in table.select("tbody tr")] == ["DDP", "ZeRO-1", "ZeRO-3"]


def test_draft_note_is_not_published(demo_site: Path) -> None:
    assert not (demo_site / "Concepts" / "Draft idea").exists()
    for html_file in html_pages(demo_site):
        html = html_file.read_text(encoding="utf-8")
        assert "Draft idea" not in html and "rotary embeddings" not in html, html_file
    index = json.dumps(pagefind_records(demo_site))
    assert "rotary embeddings" not in index and "Draft idea" not in index
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "Draft" not in sitemap


# --- categories, home page --------------------------------------------------------------------------


CATEGORY_NOTES = {
    "Concepts": ["Convolution", "Loss functions"],
    "Courses": ["Convolutions notebook", "Practical deep learning - chapter 4 questionnaire"],
    "Interview": ["Deep learning interview"],
    "Scribbles": ["Scribbles"],
}


def test_nav_has_a_section_per_top_folder(demo_site: Path) -> None:
    html_file = demo_site / "index.html"
    nav = page(demo_site, "").select_one("nav.md-nav--primary > ul.md-nav__list")
    sections = nav.find_all("li", class_="md-nav__item--section", recursive=False)
    found = {}
    for section in sections:
        container = section.select_one(".md-nav__container > a.md-nav__link")
        name = container.get_text(strip=True)
        assert_link_ok(demo_site, html_file, container["href"])
        found[name] = [a.get_text(strip=True) for a in section.find("nav").select("a.md-nav__link")]
    assert found == CATEGORY_NOTES


def test_home_page_lists_categories_with_counts(demo_site: Path) -> None:
    html_file = demo_site / "index.html"
    body = article(demo_site, "")
    listed = body.find(id="categories").find_next("ul")
    entries = {a.get_text(): text(li) for li in listed.find_all("li") for a in [li.find("a")]}
    assert set(entries) == set(CATEGORY_NOTES)
    for name, notes in CATEGORY_NOTES.items():
        count = f"{len(notes)} note" + ("" if len(notes) == 1 else "s")
        assert re.search(rf"\b{count}\b", entries[name]), f"{name}: expected {count!r} in {entries[name]!r}"
    assert "8 questions" in entries["Interview"]
    for link in listed.find_all("a"):
        target = assert_link_ok(demo_site, html_file, link["href"])
        category = article(demo_site, target.parent.relative_to(demo_site).as_posix())
        assert category.find("h1").get_text(strip=True).startswith(link.get_text())


def test_category_pages_list_their_notes(demo_site: Path) -> None:
    for name, notes in CATEGORY_NOTES.items():
        slug = name.lower()
        html_file = demo_site / "categories" / slug / "index.html"
        body = article(demo_site, f"categories/{slug}")
        links = [a for a in body.select("ul > li > a") if a.find_parent("ul").find_parent("li") is None]
        assert [a.get_text() for a in links] == notes
        for link in body.find_all("a", href=True):
            if not link["href"].startswith("#"):
                assert_link_ok(demo_site, html_file, link["href"])


# --- offline: MathJax served locally, nothing from another host ----------------------------------------


def test_mathjax_is_served_locally(demo_site: Path) -> None:
    assert (demo_site / "assets" / "mathjax" / "tex-chtml.js").is_file()
    html_file = demo_site / SCRIBBLES / "index.html"
    scripts = [s["src"] for s in page(demo_site, SCRIBBLES).find_all("script", src=True)]
    local = [src for src in scripts if src.split("?")[0].endswith("assets/mathjax/tex-chtml.js")]
    assert local, f"no script loads the local MathJax: {scripts}"
    assert_link_ok(demo_site, html_file, local[0].split("?")[0])
    # MathJax loads its input/output components from next to tex-chtml.js.
    assert (demo_site / "assets" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


def test_no_resources_from_another_host(demo_site: Path) -> None:
    offending = []
    for html_file in html_pages(demo_site):
        soup = _parse(html_file)
        for tag in soup.find_all(["script", "link", "img", "iframe", "source"]):
            url = tag.get("src") or tag.get("href") or ""
            if EXTERNAL.match(url.strip()):
                offending.append(f"{html_file.relative_to(demo_site)}: <{tag.name}> {url}")
    assert offending == []


def test_search_index_holds_the_notes_and_hand_written_pages_only(demo_site: Path) -> None:
    records = {record["url"].lstrip("/"): record for record in pagefind_records(demo_site)}
    for name in NOTE_PAGES:
        assert f"{name}/" in records, name
    assert "writing-notes/" in records and "" in records, "hand-written pages are searchable too"
    listing_pages = [
        url for url in records if url.startswith(("categories/", "tags/", "writing-notes/")) and url != "writing-notes/"
    ]
    assert listing_pages == [], "pages that only list others, and the help page's examples, stay out"
    assert {records[url]["meta"]["source"] for url in ("", "writing-notes/")} == {"site"}, "ranked after notes"
    assert {records[f"{name}/"]["meta"]["source"] for name in NOTE_PAGES} == {"notes"}
    assert {record["meta"]["image"] for record in records.values()} == {""}, "no picture copied into results"


def test_search_index_holds_the_article_only(demo_site: Path) -> None:
    """Navigation, header, footer and table of contents are not indexed: only the article."""
    record = next(r for r in pagefind_records(demo_site) if r["url"] == f"/{INTERVIEW}/")
    content = record["content"]
    article_text = " ".join(article(demo_site, INTERVIEW).get_text(" ").split())
    for outside in ("Table of contents", "Skip to content", "Initializing search"):
        assert outside not in content and outside in (demo_site / INTERVIEW / "index.html").read_text()
    assert "¶" not in content, "heading permalinks are not text"
    assert " Answer " not in f" {content} ", "the label of a folded answer is not text"
    assert "vanishing gradient problem" in content and "vanishing gradient problem" in article_text
    headings = [anchor["id"] for anchor in record["anchors"] if anchor["element"] == "h2"]
    assert len(headings) >= 5, "each card's question is a heading Pagefind splits results at"


def test_every_page_s_navigation_names_each_page_by_its_title(demo_site: Path) -> None:
    """Each link of every page's navigation reads as the title of the page it leads to, also on
    pages written after the pages they list (a written page's markdown is let go)."""
    wrong = []
    for html_file in html_pages(demo_site):
        nav = _parse(html_file).select_one("nav.md-nav--primary")
        if nav is None or html_file.name == "404.html":  # the 404 page's links are absolute
            continue
        for link in nav.select("a.md-nav__link[href]"):
            if link["href"].startswith("#"):  # the page's own headings
                continue
            target = assert_link_ok(demo_site, html_file, link["href"])
            title = _parse(target).find("title").get_text(strip=True)
            name = link.get_text(" ", strip=True)
            if name not in (title, title.removesuffix(" - ML study notes")):
                wrong.append(f"{html_file.relative_to(demo_site)}: {name!r} for {title!r}")
    assert not wrong, "\n".join(wrong[:20])
