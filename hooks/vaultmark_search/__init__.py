"""vaultmark_search: the site's search index, built by Pagefind from the rendered site.

The search layer: it runs the search engine over HTML the site generator wrote. It
never imports MkDocs (the glue tells it where the site is) and the core never imports it.
"""

from .pagefind import BUNDLE_DIR, EXTENDED_INSTALL, IndexReport, PagefindError, index_site, needs_extended

__all__ = ["BUNDLE_DIR", "EXTENDED_INSTALL", "IndexReport", "PagefindError", "index_site", "needs_extended"]
