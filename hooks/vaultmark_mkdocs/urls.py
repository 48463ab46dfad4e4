"""Site URLs of vault files, for HTML that MkDocs does not post-process (notebook cells).

Markdown pages get their `.md` links turned into URLs by MkDocs itself;
HTML rendered for notebooks must carry final URLs, computed here the same way.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote, urlsplit

PAGE_SUFFIXES = (".md", ".ipynb")
INDEX_NAMES = ("index", "readme")

# `href="..."` or `src="..."` attributes in rendered HTML.
URL_ATTRIBUTE = re.compile(r'(?P<name>\b(?:href|src))="(?P<url>[^"]*)"')


def site_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root, unquoted) a vault path is published at."""
    lowered = path.lower()
    if not lowered.endswith(PAGE_SUFFIXES):
        return path
    folder, name = posixpath.split(path)
    stem = name.rsplit(".", 1)[0]
    if stem.lower() in INDEX_NAMES:
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return posixpath.join(folder, stem) + "/"
    return posixpath.join(folder, stem + ".html")


def relative_url(target: str, page_url: str) -> str:
    """`target` relative to the page at `page_url` (both site-root relative), quoted."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    relative = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return quote(relative)


def rewrite_relative_urls(html: str, source: str, use_directory_urls: bool = True) -> str:
    """Turn links written relative to vault file `source` into links relative to its page."""
    page_url = site_url(source, use_directory_urls)

    def rewrite(match: re.Match[str]) -> str:
        url = match.group("url")
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f'{match.group("name")}="{relative_url(site_url(target, use_directory_urls), page_url)}{fragment}"'

    return URL_ATTRIBUTE.sub(rewrite, html)
