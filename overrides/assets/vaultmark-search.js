/*
 * Search worker for Material for MkDocs over the sharded index that
 * hooks/vaultmark_search/shards.py writes under search/index/.
 *
 * Material's own worker builds a lunr index from the whole site text on every
 * page load (ten seconds at 3,000 notes). This one is ready once the manifest
 * (titles and lengths) has loaded, and a query fetches only the term shards and
 * page texts it needs. It speaks Material's worker protocol (SETUP -> READY,
 * QUERY -> RESULT) and returns results in the shape Material's search list
 * renders: pages, each with its best sections, marked matches, missing terms.
 *
 * Query syntax follows Material's: words match as prefixes ("grad" finds
 * "gradient"), +word must match, -word must not, "quoted words" must all match.
 * Terms are cut exactly as terms() in hooks/vaultmark_search/shards.py cuts them.
 */
"use strict"

/* Material's message types */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* This file is assets/vaultmark-search.js; the index is search/index/ */
const INDEX = new URL("../search/index/", self.location)
const FORMAT_VERSION = 1       /* FORMAT_VERSION of vaultmark_search/shards.py that this file reads */

/* Letters and digits; everything else separates words */
const WORD = /[\p{L}\p{N}]+/gu
const COMBINING_MARK = /\p{M}/gu
const ASCII = /^[\x00-\x7f]*$/
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu   /* "gradient," is shown as "gradient" */

/* Posting codes: text frequency << 2 | in tags << 1 | in title */
const IN_TITLE = 1
const IN_TAGS = 2
const TF_SHIFT = 2

/* Ranking: BM25 on the text, plus fixed weights that put title and tag matches
   first (Material boosts those fields 1,000 and 1,000,000 times) */
const K1 = 1.2
const B = 0.75
const TITLE_WEIGHT = 8
const TAGS_WEIGHT = 4
const PREFIX_WEIGHT = 0.7      /* "grad" matching "gradient" counts less than an exact match */
const MAX_EXPANSIONS = 40      /* most frequent completions of a prefix that are scored */
const PREVIEW_PAGES = 20       /* results shown in full: marked titles, text previews, all sections */
const BRIEF_SECTIONS = 1       /* sections listed under each later result (seen only after scrolling) */

let index = null               /* Promise of the prepared manifest */
let suggest = false
let latest = 0                 /* number of the newest query: older ones are dropped */
const shards = new Map()       /* shard key -> Promise of {term: postings} */
const previews = new Map()     /* page id -> Promise of text blocks per section */

/* ------------------------------------------------------------------------- */

function fold(word) {
  return word.normalize("NFKD").replace(COMBINING_MARK, "")
}

function singular(term) {
  return term.length > 3 && term.endsWith("s") && !term.endsWith("ss")
    ? term.slice(0, -1)
    : term
}

/* The index terms of plain text, as terms() in vaultmark_search/shards.py */
function terms(text, manifest) {
  const found = []
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const parts = ASCII.test(word) ? [word] : fold(word).match(WORD) || []
    for (const part of parts)
      if (part.length >= manifest.minTermLength && !manifest.stop.has(part))
        found.push(singular(part))
  }
  return found
}

function shardKey(term) {
  const head = Array.from(term).slice(0, 2).join("")
  return Array.from(new TextEncoder().encode(head), byte => byte.toString(16).padStart(2, "0")).join("")
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

/* ------------------------------------------------------------------------- */

async function fetchJSON(name, version) {
  const url = new URL(name, INDEX)
  if (version)
    url.searchParams.set("v", version)
  const response = await fetch(url, version ? {} : { cache: "no-cache" })
  if (!response.ok)
    throw new Error(`${url}: HTTP ${response.status}`)
  return response.json()
}

async function loadManifest() {
  const manifest = await fetchJSON("manifest.json")
  if (manifest.version !== FORMAT_VERSION)
    throw new Error(`search index format ${manifest.version}, expected ${FORMAT_VERSION}: rebuild the site`)
  manifest.stop = new Set(manifest.stopWords)
  manifest.shardSet = new Set(manifest.shards)
  manifest.edited = new Map(Object.entries(manifest.overlay).map(([page, postings]) => [+page, postings]))
  let docs = 0
  let length = 0
  for (const page of manifest.pages) {
    docs += page.lengths.length
    for (const value of page.lengths)
      length += value
  }
  manifest.docCount = docs
  manifest.averageLength = length / Math.max(docs, 1) || 1
  return manifest
}

function loadShard(key, manifest) {
  if (!shards.has(key))
    shards.set(key, manifest.shardSet.has(key)
      ? fetchJSON(`terms/${key}.json`, manifest.build)
      : Promise.resolve({}))
  return shards.get(key)
}

function loadPreview(page, manifest) {
  if (!previews.has(page))
    previews.set(page, fetchJSON(`pages/${page}.json`, manifest.build)
      .then(data => data.text)
      .catch(() => []))
  return previews.get(page)
}

/* A term's postings as flat (page, section, code) triples, edited pages taken
   from the manifest's overlay instead of the shard */
function postings(term, shard, manifest) {
  const stored = shard[term] || []
  if (!manifest.edited.size)
    return stored
  const merged = []
  for (let i = 0; i < stored.length; i += 3)
    if (!manifest.edited.has(stored[i]))
      merged.push(stored[i], stored[i + 1], stored[i + 2])
  for (const [page, edited] of manifest.edited) {
    const values = edited[term] || []
    for (let i = 0; i < values.length; i += 2)
      merged.push(page, values[i], values[i + 1])
  }
  return merged
}

/* The terms a clause matches: itself, and for prefixes its most frequent completions */
function expansions(clause, shard, manifest) {
  if (!clause.prefix)
    return [clause.term]
  const candidates = new Set(Object.keys(shard))
  for (const edited of manifest.edited.values())
    for (const term of Object.keys(edited))
      candidates.add(term)
  const df = new Map()
  for (const term of candidates)
    if (term.startsWith(clause.term))
      df.set(term, postings(term, shard, manifest).length)
  return [...df.keys()]
    .sort((a, b) => (b === clause.term) - (a === clause.term) || df.get(b) - df.get(a))
    .slice(0, MAX_EXPANSIONS)
}

/* ------------------------------------------------------------------------- */

/* Material's query syntax: "quoted words" and +word are required, -word excluded,
   everything else optional and matched as a prefix (except required/excluded) */
function parse(query, manifest) {
  const clauses = []
  query.trim().split(/"([^"]*)"/).forEach((part, i) => {
    for (let word of part.split(/\s+/)) {
      let presence = i % 2 ? "required" : "optional"
      if (word.startsWith("+") || word.startsWith("-")) {
        presence = word[0] === "+" ? "required" : "prohibited"
        word = word.slice(1)
      }
      const key = word.toLowerCase().replace(EDGE_PUNCTUATION, "")
      for (const term of terms(word, manifest))
        clauses.push({ key, term, presence, prefix: presence === "optional" })
    }
  })
  return clauses
}

/* Each clause carries its shard and the index terms it matches (set in search) */
function score(clauses, manifest) {
  const docs = new Map()       /* page * 65536 + section -> {score, matched: Set of keys} */
  const excluded = new Set()
  const N = manifest.docCount
  for (const clause of clauses) {
    const best = new Map()
    for (const term of clause.matches) {
      const values = postings(term, clause.shard, manifest)
      const df = values.length / 3
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5))
      const factor = term === clause.term ? 1 : PREFIX_WEIGHT
      for (let i = 0; i < values.length; i += 3) {
        const page = values[i]
        const section = values[i + 1]
        const code = values[i + 2]
        const doc = page * 65536 + section
        if (clause.presence === "prohibited") {
          excluded.add(doc)
          continue
        }
        const info = manifest.pages[page]
        const tf = code >> TF_SHIFT
        const length = info.lengths[section] || 0
        const text = tf ? tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / manifest.averageLength)) : 0
        const weight = (text + (code & IN_TITLE ? TITLE_WEIGHT : 0) + (code & IN_TAGS ? TAGS_WEIGHT : 0))
          * idf * factor * (info.boost || 1)
        best.set(doc, Math.max(best.get(doc) || 0, weight))
      }
    }
    if (clause.presence === "prohibited")
      continue
    for (const [doc, weight] of best) {
      const entry = docs.get(doc) || { score: 0, matched: new Set() }
      entry.score += weight
      entry.matched.add(clause.key)
      docs.set(doc, entry)
    }
  }
  const keys = [...new Set(clauses.filter(c => c.presence !== "prohibited").map(c => c.key))]
  const required = [...new Set(clauses.filter(c => c.presence === "required").map(c => c.key))]
  const results = []
  for (const [doc, entry] of docs) {
    if (excluded.has(doc) || !required.every(key => entry.matched.has(key)))
      continue
    const section = doc % 65536
    /* Material's post-query boost: page documents and documents matching more terms first */
    const boost = +(section === 0) + entry.matched.size / keys.length
    const found = Object.fromEntries(keys.map(key => [key, entry.matched.has(key)]))
    results.push({ page: Math.floor(doc / 65536), section, score: entry.score * (1 + boost ** 2), terms: found })
  }
  return results.sort((a, b) => b.score - a.score)
}

/* ------------------------------------------------------------------------- */

function highlighter(clauses, manifest) {
  const wanted = clauses.filter(c => c.presence !== "prohibited")
  const matches = term => wanted.some(c => c.prefix ? term.startsWith(c.term) : term === c.term)
  return text => {
    let html = ""
    let last = 0
    for (const found of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu))
      if (terms(found[0], manifest).some(matches)) {
        html += `${escapeHTML(text.slice(last, found.index))}<mark>${escapeHTML(found[0])}</mark>`
        last = found.index + found[0].length
      }
    return { html: html + escapeHTML(text.slice(last)), marked: last > 0 }
  }
}

/* Like Material's: the first two blocks of a section that hold a match, else its first */
function teaser(blocks, mark) {
  const marked = []
  for (const block of blocks) {
    const { html, marked: hit } = mark(block)
    if (hit && marked.push(`<p>${html}</p>`) === 2)
      break
  }
  if (!marked.length && blocks.length)
    marked.push(`<p>${mark(blocks[0]).html}</p>`)
  return marked.join("")
}

async function search(query, number) {
  const manifest = await index
  const clauses = parse(query, manifest)
  if (!clauses.length)
    return { items: [] }
  const keys = [...new Set(clauses.map(clause => shardKey(clause.term)))]
  const loaded = new Map(await Promise.all(keys.map(async key => [key, await loadShard(key, manifest)])))
  if (number !== latest)
    return null
  for (const clause of clauses) {
    clause.shard = loaded.get(shardKey(clause.term))
    clause.matches = expansions(clause, clause.shard, manifest)
  }
  const ranked = score(clauses, manifest)

  /* Group by page in order of each page's best section; every group has its page */
  const groups = new Map()
  for (const result of ranked) {
    if (!groups.has(result.page))
      groups.set(result.page, [])
    groups.get(result.page).push(result)
  }
  const pages = [...groups.keys()]
  pages.forEach((page, rank) => {
    let results = groups.get(page)
    if (rank >= PREVIEW_PAGES)
      results = results.filter(result => result.section === 0).concat(
        results.filter(result => result.section !== 0).slice(0, BRIEF_SECTIONS))
    if (!results.some(result => result.section === 0))
      results.push({ page, section: 0, score: 0, terms: {} })
    groups.set(page, results)
  })

  const texts = await Promise.all(pages.slice(0, PREVIEW_PAGES).map(page => loadPreview(page, manifest)))
  if (number !== latest)
    return null
  const mark = highlighter(clauses, manifest)
  const items = pages.map((page, rank) => groups.get(page).map(result => {
    const info = manifest.pages[page]
    const anchor = info.anchors[result.section]
    const title = info.titles[result.section]
    const full = rank < texts.length
    return {
      location: anchor ? `${info.url}#${anchor}` : info.url,
      title: full ? mark(title).html : escapeHTML(title),
      text: full ? teaser(texts[rank][result.section] || [], mark) : "",
      score: result.score,
      terms: result.terms,
      ...info.tags && { tags: info.tags }
    }
  }))
  return { items, ...suggest && { suggest: suggestion(clauses) } }
}

/* Completion of the last word typed: its most frequent expansion */
function suggestion(clauses) {
  const last = clauses[clauses.length - 1]
  if (!last.prefix)
    return []
  const [best] = last.matches.filter(term => term !== last.term)
  return best ? [best] : []
}

/* ------------------------------------------------------------------------- */

addEventListener("message", async ({ data: message }) => {
  switch (message.type) {
    case SETUP:
      suggest = Boolean(message.data.options && message.data.options.suggest)
      index = loadManifest()
      try {
        await index
      } catch (err) {
        console.warn("vaultmark search: the index could not be loaded", err)
      }
      postMessage({ type: READY })
      break
    case QUERY: {
      const number = ++latest
      try {
        const result = await search(message.data, number)
        if (result && number === latest)
          postMessage({ type: RESULT, data: result })
      } catch (err) {
        console.warn(`vaultmark search: query failed: ${message.data}`, err)
        postMessage({ type: RESULT, data: { items: [] } })
      }
      break
    }
  }
})
