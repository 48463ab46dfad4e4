"""The sharded search index: terms, files, and pages replaced during `mkdocs serve`."""

from __future__ import annotations

import json

import pytest

from support import search_documents, search_postings
from vaultmark_search.shards import ShardedSearchIndex, shard_key, terms

CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}}


def material_docs() -> list[dict]:
    """Two pages' search documents (as vaultmark_search.sections makes them): the page's own first."""
    return [
        {"location": "notes/optim/", "title": "Optimizers", "blocks": ["Notes on training."], "tags": ["ml"]},
        {
            "location": "notes/optim/#sgd",
            "title": "SGD",
            "blocks": ["The gradient, then the gradient again."],
            "tags": ["ml"],
        },
        {"location": "notes/optim/#adam", "title": "Adam & friends", "blocks": ["Moments", "Bias fix"], "tags": ["ml"]},
        {"location": "notes/backprop/", "title": "Gradient flow", "blocks": ["Chain rule a < b."], "boost": 2},
    ]


def by_page(docs: list[dict]) -> list[list[dict]]:
    pages: dict[str, list[dict]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    return list(pages.values())


def built(docs: list[dict]) -> tuple[ShardedSearchIndex, dict[str, str]]:
    index = ShardedSearchIndex(CONFIG)
    return index, dict(index.build(by_page(docs)))


def reader(files: dict[str, str]):
    return lambda relative: files[relative]


def test_terms_fold_case_accents_stop_words_and_plurals() -> None:
    assert terms("The Café's networks, k-means and Naïve BAYES!") == ["cafe", "network", "mean", "naive", "baye"]
    assert terms("class gas ﬁne x 42") == ["class", "gas", "fine", "42"]
    assert terms("") == []


def test_build_writes_stub_manifest_shards_and_page_texts() -> None:
    _, files = built(material_docs())
    assert json.loads(files["search_index.json"]) == {"config": CONFIG, "docs": []}
    manifest = json.loads(files["index/manifest.json"])
    assert manifest["pages"] == [
        {
            "url": "notes/optim/",
            "titles": ["Optimizers", "SGD", "Adam & friends"],
            "anchors": ["", "sgd", "adam"],
            "lengths": [2, 3, 3],
            "tags": ["ml"],
        },
        {"url": "notes/backprop/", "titles": ["Gradient flow"], "anchors": [""], "lengths": [2], "boost": 2},
    ]
    assert "the" in manifest["stopWords"] and manifest["minTermLength"] == 2
    assert json.loads(files["index/pages/1.json"]) == {"text": [["Chain rule a < b."]]}
    # "gradient": twice in the text of optim#sgd (frequency 2 << 2), in the title of backprop (bit 1).
    assert shard_key("gradient") == "6772"
    assert json.loads(files["index/terms/6772.json"])["gradient"] == [0, 1, 8, 1, 0, 1]
    # Tags reach every section of their page (bit 2).
    assert json.loads(files[f"index/terms/{shard_key('ml')}.json"])["ml"] == [0, 0, 2, 0, 1, 2, 0, 2, 2]
    assert sorted(manifest["shards"]) == sorted(
        path[len("index/terms/") : -5] for path in files if path.startswith("index/terms/")
    )


def test_an_empty_page_is_left_out() -> None:
    index = ShardedSearchIndex(CONFIG)
    files = dict(index.build([[], by_page(material_docs())[1]]))
    assert [page["url"] for page in json.loads(files["index/manifest.json"])["pages"]] == ["notes/backprop/"]


def test_documents_read_back_from_the_files_match_materials() -> None:
    _, files = built(material_docs())
    docs = search_documents(reader(files))
    assert [doc["location"] for doc in docs] == [doc["location"] for doc in material_docs()]
    assert docs[2]["text"] == "Moments Bias fix"


def test_build_is_deterministic_and_its_id_follows_the_text() -> None:
    first, second = built(material_docs())[1], built(material_docs())[1]
    assert first == second
    changed = material_docs()
    changed[1]["blocks"] = ["Momentum."]
    build_id = json.loads(built(changed)[1]["index/manifest.json"])["build"]
    assert build_id != json.loads(first["index/manifest.json"])["build"]


def edit(docs: list[dict], location: str, blocks: list[str]) -> list[dict]:
    return [dict(doc, blocks=blocks) if doc["location"] == location else doc for doc in docs]


@pytest.mark.parametrize(
    "location, blocks",
    [
        ("notes/optim/#sgd", ["Momentum replaces the plain gradient."]),
        ("notes/optim/", []),
        ("notes/backprop/", ["Chain rule, gradient of gradients,", "ﬁne café."]),
    ],
)
def test_a_replaced_page_reads_as_a_fresh_build_of_the_edited_docs(location: str, blocks: list[str]) -> None:
    index, files = built(material_docs())
    edited = edit(material_docs(), location, blocks)
    page = location.split("#")[0]
    changed = index.replace_page([doc for doc in edited if doc["location"].startswith(page)])
    page_id = next(
        i for i, entry in enumerate(json.loads(files["index/manifest.json"])["pages"]) if entry["url"] == page
    )
    assert changed is not None and set(changed) == {"index/manifest.json", f"index/pages/{page_id}.json"}
    served = files | changed  # the shards are untouched: the edit lives in the manifest's overlay
    fresh = built(edited)[1]
    vocabulary = {
        term for doc in material_docs() + edited for term in terms(" ".join([doc["title"], *doc["blocks"], "ml"]))
    }
    for term in sorted(vocabulary):
        assert search_postings(reader(served), term) == search_postings(reader(fresh), term), term
    assert search_documents(reader(served)) == search_documents(reader(fresh))
    assert json.loads(changed["index/manifest.json"])["build"] != json.loads(files["index/manifest.json"])["build"]


def test_replacing_an_unknown_page_or_other_sections_asks_for_a_new_index() -> None:
    index, _ = built(material_docs())
    assert index.replace_page([{"location": "notes/new/", "title": "New", "text": ""}]) is None
    renamed = [dict(doc, location=doc["location"].replace("#adam", "#rmsprop")) for doc in material_docs()[:3]]
    assert index.replace_page(renamed) is None
    assert index.replace_page(material_docs()[:2]) is None  # a section fewer
