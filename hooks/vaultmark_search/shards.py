"""A site's search documents, split so the browser loads only what a query needs.

Material's own search worker downloads the whole index (about 6 KB of text per note)
and builds a lunr index from it on every page load: 19 MB and ten seconds before the
first result at 3,000 notes. The same documents (sections.py) become, under the
site's `search/`:

* `search_index.json`: Material's config with no documents (its page script still
  fetches this file, so it must stay, and stay small);
* `index/manifest.json`: every page's location, section titles and lengths, which is
  all a result list shows and all ranking needs besides the postings;
* `index/terms/<hex>.json`: the postings of the terms sharing their first two
  characters, fetched when a query needs them;
* `index/pages/<n>.json`: one page's text as plain-text blocks, fetched for the
  previews of the best results.

`overrides/assets/vaultmark-search.js` reads these, speaking Material's worker
protocol. It repeats `terms()` below in JavaScript; the manifest carries the stop words
so that list lives here only.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from .sections import SearchDocument

FORMAT_VERSION = 1

# Letters and digits: everything else separates words ("k-means" -> "k", "means").
WORD = re.compile(r"[^\W_]+")

# Words too common to rank anything; queries ignore them too.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have if in into is it its not of on or "
    "such that the their then there these they this to was were will with".split()
)
MIN_TERM_LENGTH = 2
# Postings hold (page, section, code) where code = text frequency << 2 | in tags << 1 | in title.
IN_TITLE = 1
IN_TAGS = 2
TF_SHIFT = 2


def _fold(word: str) -> str:
    """Drop accents and compatibility forms, so "café" and "cafe" are one term."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))


def _singular(term: str) -> str:
    """A plain trailing "s" is dropped ("networks" -> "network"), the only stemming done:
    prefix matching covers the rest ("learn" finds "learning")."""
    if len(term) > 3 and term.endswith("s") and not term.endswith("ss"):
        return term[:-1]
    return term


def terms(text: str) -> list[str]:
    """The index terms of plain text, in order; the worker's `terms()` must agree."""
    found: list[str] = []
    for word in WORD.findall(text.lower()):
        found.extend(_word_terms(word))
    return found


def term_counts(text: str) -> Counter[str]:
    """How often each term occurs: counts words first, so each distinct word is analysed once."""
    counts: Counter[str] = Counter()
    for word, count in Counter(WORD.findall(text.lower())).items():
        for term in _word_terms(word):
            counts[term] += count
    return counts


@functools.lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> tuple[str, ...]:
    parts = [word] if word.isascii() else WORD.findall(_fold(word))
    return tuple(_singular(part) for part in parts if len(part) >= MIN_TERM_LENGTH and part not in STOP_WORDS)


def shard_key(term: str) -> str:
    """File name of a term's shard: its first two characters as UTF-8 hex (URL-safe)."""
    return term[:2].encode("utf-8").hex()


class ShardedSearchIndex:
    """Search documents, grouped by page and written as shards. After an edit
    (`mkdocs serve`) a page is replaced without touching the shards: its new postings go
    into the manifest's overlay, which the worker prefers to the shards' entries for it."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.pages: list[dict[str, Any]] = []
        self.page_ids: dict[str, int] = {}
        self.shard_keys: list[str] = []
        self.overlay: dict[str, dict[str, list[int]]] = {}
        self.build_id = ""
        self.edits = 0

    def build(self, pages: Iterable[list[SearchDocument]]) -> Iterator[tuple[str, str]]:
        """Every file, as (path relative to the site's `search/` folder, text), written
        as they are ready so a large vault's shards are never all held at once. Each page
        is its documents (sections.page_documents): its own, then its sections'."""
        postings: dict[str, array[int]] = {}
        digest = hashlib.sha1()
        for docs_of_page in pages:
            if not docs_of_page:
                continue  # an empty page: nothing to find, as with Material
            page_id = len(self.pages)
            self.page_ids[docs_of_page[0]["location"]] = page_id
            entry, blocks, sections = _analyse_page(docs_of_page)
            self.pages.append(entry)
            page_file = _dumps({"text": blocks})
            digest.update(page_file.encode())
            yield f"index/pages/{page_id}.json", page_file
            for section, codes in enumerate(sections):
                for term, code in codes.items():
                    values = postings.get(term)
                    if values is None:
                        values = postings[term] = array("i")
                    values.extend((page_id, section, code))
        by_key: dict[str, list[str]] = {}
        for term in sorted(postings):
            by_key.setdefault(shard_key(term), []).append(term)
        self.shard_keys = sorted(by_key)
        for key, shard_terms in by_key.items():
            shard = _dumps({term: postings.pop(term).tolist() for term in shard_terms})
            digest.update(shard.encode())
            yield f"index/terms/{key}.json", shard
        self.build_id = digest.hexdigest()[:12]
        yield "index/manifest.json", self._manifest()
        yield "search_index.json", _dumps({"config": self.config, "docs": []})

    def replace_page(self, docs: list[SearchDocument]) -> dict[str, str] | None:
        """New search documents of one page; returns the files that changed, or None when
        the page is unknown or its sections changed (then build a new index)."""
        page_id = self.page_ids.get(docs[0]["location"]) if docs else None
        if page_id is None:
            return None
        entry, blocks, sections = _analyse_page(docs)
        if entry["anchors"] != self.pages[page_id]["anchors"]:
            return None
        self.pages[page_id] = entry
        page_postings: dict[str, list[int]] = {}
        for section, codes in enumerate(sections):
            for term, code in sorted(codes.items()):
                page_postings.setdefault(term, []).extend((section, code))
        self.overlay[str(page_id)] = dict(sorted(page_postings.items()))
        self.edits += 1
        return {
            "index/manifest.json": self._manifest(),
            f"index/pages/{page_id}.json": _dumps({"text": blocks}),
        }

    def _manifest(self) -> str:
        return _dumps(
            {
                "version": FORMAT_VERSION,
                # Browsers cache shard and page files under this id: a new one refetches them.
                "build": f"{self.build_id}.{self.edits}" if self.edits else self.build_id,
                "stopWords": sorted(STOP_WORDS),
                "minTermLength": MIN_TERM_LENGTH,
                "shards": self.shard_keys,
                "pages": self.pages,
                "overlay": self.overlay,
            }
        )


def _analyse_page(docs: list[SearchDocument]) -> tuple[dict[str, Any], list[list[str]], list[dict[str, int]]]:
    """A page's manifest entry, its preview blocks per section, and per section the
    posting code of each of its terms."""
    tags = docs[0].get("tags") or []
    entry: dict[str, Any] = {"url": docs[0]["location"], "titles": [], "anchors": [], "lengths": []}
    if tags:
        entry["tags"] = tags
    if docs[0].get("boost") not in (None, 1, 1.0):
        entry["boost"] = docs[0]["boost"]
    tag_terms = set(terms(html.unescape(" ".join(tags))))  # page meta arrives HTML-escaped
    blocks_by_section = []
    codes_by_section = []
    for doc in docs:
        title = doc.get("title", "")
        blocks = doc.get("blocks", [])
        counts = term_counts(" ".join(blocks))
        codes = {term: count << TF_SHIFT for term, count in counts.items()}
        for term in terms(title):
            codes[term] = codes.get(term, 0) | IN_TITLE
        for term in tag_terms:
            codes[term] = codes.get(term, 0) | IN_TAGS
        entry["titles"].append(title)
        entry["anchors"].append(doc["location"].partition("#")[2])
        entry["lengths"].append(sum(counts.values()))
        blocks_by_section.append(blocks)
        codes_by_section.append(codes)
    return entry, blocks_by_section, codes_by_section


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
