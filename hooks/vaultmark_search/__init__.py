"""vaultmark_search: the site's search index, built by Pagefind from the rendered site.

The search layer: it runs the search engine over the HTML the site generator writes. It
never imports MkDocs (the glue hands it the written pages) and the core never imports it.
"""

from .pagefind import (
    BUNDLE_DIR,
    DEFAULT_PART_PAGES,
    EXTENDED_INSTALL,
    IndexReport,
    PagefindError,
    StreamedIndex,
    index_pages,
    needs_extended,
    searchable_copy,
)

__all__ = [
    "BUNDLE_DIR",
    "DEFAULT_PART_PAGES",
    "EXTENDED_INSTALL",
    "IndexReport",
    "PagefindError",
    "StreamedIndex",
    "index_pages",
    "needs_extended",
    "searchable_copy",
]
