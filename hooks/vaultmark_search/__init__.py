"""vaultmark_search: the site's search index, built from the rendered pages.

The search layer: it reads HTML the site generator rendered and writes the index
files the browser's search worker loads. It never imports MkDocs (the glue hands
it pages) and the core never imports it.
"""

from .sections import SearchDocument, page_documents
from .shards import FORMAT_VERSION, ShardedSearchIndex, shard_key, terms

__all__ = ["FORMAT_VERSION", "SearchDocument", "ShardedSearchIndex", "page_documents", "shard_key", "terms"]
