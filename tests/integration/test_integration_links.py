"""Every link of the built site resolves, with the site served under a sub-path (`/study/`).

The crawler reads the built files the way a static server (GitHub Pages, `http.server`) maps
URLs to them: `/study/x/` is `x/index.html`, `/study/x.js` is `x.js`, anything outside `/study/`
does not exist. Every HTML page is crawled (the 404 page too; MathJax's own files are scripts,
not pages); every `href`/`src`/`srcset` of `a`, `link`, `script`, `img` and `source` must point
at an existing file, and every `#anchor` at an `id` (or `name`) of the target page.
Links to other hosts, `mailto:`, `data:` and `javascript:` are not followed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from support import DEMO_VAULT, build_site
from support import soup as parse

PREFIX = "/study/"
# Where pages are served from while crawling; the deploy-style build is built for this same URL.
BASE = "http://127.0.0.1:8000/study/"
NOT_PAGES = ("assets/mathjax/",)  # MathJax's files: referenced scripts, never crawled as pages
SKIPPED_SCHEMES = ("mailto", "data", "javascript", "tel")
LINKING = {"a": ("href",), "link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset")}


class StaticSite:
    """A built site as a static server under `BASE` sees it."""

    def __init__(self, root: Path, base: str = BASE) -> None:
        self.root = root
        self.base = base
        self._anchors: dict[Path, set[str]] = {}

    def is_ours(self, url: str) -> bool:
        parts, base = urlsplit(url), urlsplit(self.base)
        return parts.scheme in ("http", "https") and parts.netloc == base.netloc

    def resolve(self, url: str) -> Path | None:
        """The file answering `url` (absolute, on our host), or None when the server would answer 404."""
        path = unquote(urlsplit(url).path)
        if not path.startswith(PREFIX):
            return None
        relative = path[len(PREFIX) :]
        if any(part in ("..", ".") for part in relative.split("/")):
            return None
        target = self.root / relative
        if target.is_dir():  # `x` redirects to `x/`, `x/` serves `x/index.html`
            target = target / "index.html"
        elif relative.endswith("/"):
            return None
        return target if target.is_file() else None

    def url_of(self, file: Path) -> str:
        relative = file.relative_to(self.root).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return self.base + "/".join(quote(part) for part in relative.split("/"))

    def pages(self) -> list[Path]:
        return [
            file
            for file in sorted(self.root.rglob("*.html"))
            if not file.relative_to(self.root).as_posix().startswith(NOT_PAGES)
        ]

    def anchors(self, file: Path) -> set[str]:
        if file not in self._anchors:
            soup = parse(file)
            self._anchors[file] = {tag["id"] for tag in soup.find_all(id=True)} | {
                tag["name"] for tag in soup.find_all(attrs={"name": True})
            }
        return self._anchors[file]


def references(html: str):
    """(tag, attribute, value) of every link-like attribute of the page, `srcset` split into URLs."""
    soup = parse(html)
    for name, attributes in LINKING.items():
        for tag in soup.find_all(name):
            for attribute in attributes:
                value = tag.get(attribute)
                if value is None:
                    continue
                if attribute == "srcset":
                    for candidate in value.split(","):
                        if candidate.strip():
                            yield name, attribute, candidate.split()[0]
                else:
                    yield name, attribute, value


def broken_links(site: StaticSite) -> list[str]:
    """Every broken reference of every page, as `page: <tag attr="value">: reason`."""
    problems = []
    pages = site.pages()
    assert pages, f"no HTML page in {site.root}"
    for page in pages:
        page_url = site.url_of(page)
        label = page.relative_to(site.root).as_posix()
        for tag, attribute, raw in references(page.read_text(encoding="utf-8")):
            where = f"{label}: <{tag} {attribute}={raw!r}>"
            value = raw.strip()
            if not value:
                if tag != "a":  # `<a href="">` is a link to the page itself; an empty src/href fetches nothing
                    problems.append(f"{where}: empty URL")
                continue
            scheme = urlsplit(value).scheme.lower()
            if scheme in SKIPPED_SCHEMES:
                continue
            url = urljoin(page_url, value)
            if not site.is_ours(url):
                if urlsplit(url).scheme in ("http", "https"):
                    continue  # another host
                problems.append(f"{where}: unexpected URL scheme")
                continue
            target = site.resolve(url)
            if target is None:
                problems.append(f"{where}: {url.split('#')[0]} does not exist (404)")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                anchors = site.anchors(target)
                if fragment not in anchors and unquote(fragment) not in anchors:
                    problems.append(f"{where}: no id or name {unquote(fragment)!r} in {target.relative_to(site.root)}")
    return problems


# --------------------------------------------------------------------------- the crawler itself


def test_crawler_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    """The crawler reports what a server under /study/ would not serve, and nothing else."""
    (tmp_path / "a b").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.js").write_text("")
    (tmp_path / "a b" / "index.html").write_text('<h2 id="here">Here</h2><a name="old"></a>')
    (tmp_path / "index.html").write_text(
        '<a href="a%20b/">ok</a> <a href="a%20b/#here">ok</a> <a href="a%20b/#old">ok</a> <a href="#top">ok</a>'
        '<a href="https://example.org/x">external</a> <a href="mailto:x@y.z">mail</a> <a href="">self</a>'
        '<h1 id="top">t</h1> <script src="assets/x.js"></script> <img srcset="assets/x.js 1x, a%20b/ 2x">'
        '<a href="missing/">1</a> <a href="a%20b/#nowhere">2</a> <a href="#gone">3</a>'
        '<script src="/assets/x.js"></script> <script src=""></script> <img src="assets/y.png">'
        '<link rel="stylesheet" href="../outside.css"> <source srcset="assets/x.js 1x, nope.webp 2x">'
    )
    problems = broken_links(StaticSite(tmp_path))
    expected = ["missing/", "#nowhere", "#gone", "'/assets/x.js'", "src=''", "y.png", "../outside.css", "nope.webp"]
    assert len(problems) == len(expected), "\n".join(problems)
    for fragment in expected:
        assert sum(fragment in problem for problem in problems) == 1, (fragment, problems)


# --------------------------------------------------------------------------- the real builds


@pytest.fixture(scope="module")
def deployed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault built like the deploy workflow builds it, for a site at BASE."""
    site = tmp_path_factory.mktemp("deployed-links-site")
    process = build_site(DEMO_VAULT, site, SITE_URL=BASE)
    assert process.returncode == 0, f"strict build with SITE_URL={BASE} failed:\n{process.stderr}"
    return site


@pytest.mark.parametrize("build", ["demo", "deployed"])
def test_every_link_and_anchor_resolves_under_sub_path(request, build: str) -> None:
    """`demo`: the plain build (no site_url). `deployed`: SITE_URL set, as on GitHub Pages."""
    root: Path = request.getfixturevalue("demo_site" if build == "demo" else "deployed_site")
    site = StaticSite(root)
    pages = [page.relative_to(root).as_posix() for page in site.pages()]
    for expected in (
        "index.html",
        "404.html",
        "tags/index.html",
        "categories/concepts/index.html",
        "Courses/Convolutions notebook/index.html",
        "writing-notes/index.html",
    ):
        if expected == "404.html" and not (root / "404.html").exists():
            continue
        assert expected in pages, f"{expected} was not crawled: {pages}"
    # MathJax is crawled only as a reference target, and it is referenced (and reachable) from the pages.
    assert not any(page.startswith("assets/mathjax/") for page in pages)
    assert site.resolve(BASE + "assets/mathjax/tex-chtml.js"), "MathJax is not published"

    problems = broken_links(site)
    if build == "demo":
        # The 404 page answers for any URL, so its links are absolute and only right when SITE_URL
        # says where the site lives (as the Pages workflow sets it): the `deployed` build checks it.
        problems = [problem for problem in problems if not problem.startswith("404.html: ")]
    by_page: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        page, _, rest = problem.partition(": ")
        by_page[page].append(rest)
    report = "\n".join(
        f"  {page} ({len(items)})\n" + "\n".join(f"      {item}" for item in items) for page, items in by_page.items()
    )
    assert not problems, (
        f"{build} build served under {PREFIX}: {len(problems)} broken references "
        f"on {len(by_page)} of {len(pages)} pages:\n{report}"
    )
