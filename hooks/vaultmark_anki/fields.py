"""A card's site HTML as Anki shows it: no stylesheet of ours, no site around it.

Anki renders a note's fields as HTML with its own MathJax, which reads the `\\(...\\)` and
`\\[...\\]` the site's arithmatex already writes. What does not carry over is rewritten:

* code highlighted by class (Pygments through pymdownx.highlight) gets inline styles;
* images become Anki media: the file is taken from the built site and named uniquely;
* links become absolute links to the site when it has a URL, and plain text otherwise;
* a notebook's `\\newcommand` formulas come first, hidden, so its macros are defined.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from pygments.formatters import HtmlFormatter

# An element with a Pygments token class, as pymdownx.highlight writes it.
TOKEN_SPAN = re.compile(r'<span class="(?P<token>[a-z0-9]{1,3})">')
IMAGE = re.compile(r'<img\b(?P<before>[^>]*?)\bsrc="(?P<src>[^"]*)"(?P<after>[^>]*)>')
# An opening link tag and its target; its closing tag is found by `_unlinked`.
LINK = re.compile(r'<a\b(?P<before>[^>]*?)\bhref="(?P<href>[^"]*)"(?P<after>[^>]*)>')
LINK_CLOSE = "</a>"
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
# The empty anchor pymdownx.highlight puts before each code line (`anchor_linenums`).
LINE_ANCHOR = re.compile(r'<a id="__codelineno-[^"]*"[^>]*></a>')
CODE_BLOCK_STYLE = "background: #f5f5f5; color: #1e1e1e; padding: 0.6em; border-radius: 4px; overflow-x: auto"


def _token_styles() -> dict[str, str]:
    """Pygments' default style, per token class: what the site's stylesheet does for code."""
    formatter = HtmlFormatter(style="default")
    return {name: style for name, (style, _, _) in formatter.class2style.items() if style}


TOKEN_STYLES = _token_styles()


@dataclass
class MediaProblem:
    """An image of a card that cannot go into the deck: its URL as written, and why."""

    src: str
    reason: str


def anki_html(
    fragment: str, page_url: str, site_url: str, site_dir: Path, media: dict[str, str]
) -> tuple[str, list[MediaProblem]]:
    """One field's HTML for Anki. `page_url` is the card's page, relative to the site's root
    (built in `site_dir`); `media` collects the images used (site path -> media name)."""
    problems: list[MediaProblem] = []
    text = LINE_ANCHOR.sub("", HEADERLINK.sub("", fragment))
    text = TOKEN_SPAN.sub(_styled_token, text)
    text = text.replace('<div class="highlight">', f'<div class="highlight" style="{CODE_BLOCK_STYLE}">')

    def image(match: re.Match[str]) -> str:
        src = html.unescape(match.group("src"))
        if urlsplit(src).scheme in ("http", "https", "data"):
            return match.group(0)
        path = _site_path(src, page_url)
        if not (site_dir / path).is_file() or not os.access(site_dir / path, os.R_OK):
            problems.append(MediaProblem(src, "is not a readable file of the site"))
            return html.escape(_alt(match.group(0)))
        name = media.setdefault(path, _media_name(path))
        return f'<img{match.group("before")}src="{html.escape(name)}"{match.group("after")}>'

    text = IMAGE.sub(image, text)
    return _links(text, page_url, site_url), problems


def _styled_token(match: re.Match[str]) -> str:
    style = TOKEN_STYLES.get(match.group("token"))
    return f'<span style="{style}">' if style else "<span>"


def _site_path(src: str, page_url: str) -> str:
    """The root-relative site path a relative URL on `page_url` points at."""
    resolved = urljoin("/" + page_url, src)
    return unquote(urlsplit(resolved).path).lstrip("/")


def _media_name(path: str) -> str:
    """A flat, unique name for a site file in Anki's media folder: its name and a short hash."""
    name = PurePosixPath(path)
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    return f"vaultmark-{name.stem}-{digest}{name.suffix}"


def _alt(tag: str) -> str:
    found = re.search(r'\balt="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else ""


def _links(text: str, page_url: str, site_url: str) -> str:
    """Links to the site made absolute (or left as their text when the site has no URL)."""
    out: list[str] = []
    position = 0
    for match in LINK.finditer(text):
        if match.start() < position:
            continue
        out.append(text[position : match.start()])
        href = html.unescape(match.group("href"))
        if urlsplit(href).scheme:
            out.append(match.group(0))
            position = match.end()
            continue
        end = text.find(LINK_CLOSE, match.end())
        end = len(text) if end == -1 else end
        if site_url:
            target = urljoin(site_url.rstrip("/") + "/" + page_url, href)
            out.append(f'<a{match.group("before")}href="{html.escape(target)}"{match.group("after")}>')
            position = match.end()
        else:
            out.append(f"<span>{text[match.end() : end]}</span>")
            position = end + len(LINK_CLOSE)
    out.append(text[position:])
    return "".join(out)
