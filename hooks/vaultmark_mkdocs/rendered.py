"""Pages rendered but not yet written: their HTML kept compressed in between.

MkDocs renders every page (`on_page_content`) before it writes any (`on_page_context`,
`on_post_page`), so at the end of its render loop it holds the HTML of the whole site:
about 24 KB of text per note, most of a 10,000-note build's memory. Nothing reads a page's
HTML between the two loops, so each page's HTML is compressed once the next page has
rendered (MkDocs sets `page.content` only after `on_page_content` returns) and restored
as the page is written. zlib at level 1 shrinks it about eight times in about a
millisecond a page; the page written is byte-identical.
"""

from __future__ import annotations

import zlib

from mkdocs.structure.pages import Page

# Fastest zlib level: HTML compresses well even so, and the build pays it once a page.
COMPRESSION_LEVEL = 1


class RenderedPages:
    """Compresses each rendered page's HTML until the page is written."""

    def __init__(self) -> None:
        self._last: Page | None = None
        self._parked: dict[str, bytes] = {}

    def rendered(self, page: Page) -> None:
        """`page` has rendered: compress the page rendered before it, and let go of this
        page's markdown. Rendering has taken its title (MkDocs reads the markdown for a
        title only without one), and an emptied markdown, not None, keeps that title."""
        self.park_last()
        page.markdown = ""
        self._last = page

    def park_last(self) -> None:
        """Compress the last page rendered; at the end of the render loop, `on_env`."""
        page, self._last = self._last, None
        if page is None or page.content is None:
            return
        self._parked[page.file.src_uri] = zlib.compress(page.content.encode(), COMPRESSION_LEVEL)
        page.content = None

    def restore(self, page: Page) -> None:
        """The page is about to be written: its HTML as it rendered."""
        parked = self._parked.pop(page.file.src_uri, None)
        if parked is not None:
            page.content = zlib.decompress(parked).decode()
