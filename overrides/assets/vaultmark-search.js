/*
 * Search worker for Material for MkDocs over the site's Pagefind index (written
 * under pagefind/ by hooks/vaultmark_search/pagefind.py).
 *
 * It speaks Material's worker protocol (SETUP -> READY, QUERY -> RESULT), so
 * Material's search box, suggestions, keyboard handling and highlighting stay.
 * Pagefind finds and ranks the pages: stemming in the site's language, prefix
 * matching while typing, only the index chunks a query needs. This worker turns
 * its answer into Material's result list, one group per page:
 *
 *   - the page's sections (cards, topics, headings) that hold a query word, best
 *     first: the one holding more of the words, then the one whose heading (a
 *     card's question) holds them, then the earlier one;
 *   - then the page itself, whose link also goes to its best section, so that
 *     whichever row is chosen the reader lands on the match;
 *   - pages holding every word come first, then pages holding some; a page whose
 *     best section holds more words before one whose best holds fewer, then one
 *     holding a typed code identifier ("torch.eye") as typed; the vault's notes
 *     before the site's own pages; then Pagefind's score.
 *
 * Previews are a few words around the match, never a whole answer. Each link's
 * `?h=` carries the page's own matched words ("normalization" for the query
 * "normalizing"), so Material highlights what was found.
 */
"use strict"

/* Material's message types */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* This file is assets/vaultmark-search.js; the index is pagefind/ */
const BUNDLE = new URL("../pagefind/", self.location)
/* Under `mkdocs serve` the index is rewritten after edits: look for a new one per query */
const LIVE = new URL(self.location).searchParams.has("live")

const PAGES = 20          /* pages listed per query */
const SECTIONS = 8        /* sections listed per page */
const TYPED_CHECKS = 20   /* pages checked for a code identifier as typed */
const EXCERPT_WORDS = 16  /* at most this many words of a section's text in a preview... */
const CONTEXT_WORDS = 3   /* ...starting this many words before the first match */
const MANY_LOCATIONS = 2000 /* a result matched this often is read from the search for nothing */
/* Section ranking (see measure) */
const HEADING_WEIGHT = 8     /* a word in a section's heading (a card's question) counts this many times */
const TYPED_FORM_WEIGHT = 1.5 /* a word in the form typed counts more than another form of its stem */
const SATURATION = 2         /* occurrences that give half a word's weight */
const ADJACENT_BONUS = 0.5   /* two query words side by side, in the order typed */
const IDENTIFIER_BONUS = 2   /* a code identifier as typed, beyond holding its parts */

const HEADING = /^h[1-6]$/i
const SPACE = /\s+/
const NON_WORD = /[^\p{L}\p{N}_]+/u  /* between the words of code: "opt.zero_grad()" */
const PART = /[^\p{L}\p{N}]+/u       /* between the parts Pagefind indexes: "zero", "grad" */

let engine = null         /* Promise of the loaded index: {pagefind, version} */
let loading = undefined   /* the version `engine` is (or will be): none yet */
let suggest = false
let latest = 0            /* number of the newest query: older ones are dropped */
let waiting = null        /* the newest query not yet searched: {query, number} */
let searching = false     /* a query is being searched */

/* ------------------------------------------------------------------------- */

/* The index's parts (hooks/vaultmark_search/pagefind.py): a large site's index is split
   in several, searched together. A site without the manifest has one part. */
async function manifest() {
  const response = await fetch(new URL("vaultmark-parts.json", BUNDLE), { cache: "no-cache" })
  if (!response.ok)
    throw new Error(`${response.url}: HTTP ${response.status}`)
  return response.json()
}

/* Pagefind's module: a fresh instance per index version, with every part merged in.
   Searching for nothing loads what every query needs (its WebAssembly and the index's
   table of chunks). */
async function load(parts) {
  const url = new URL("pagefind.js", BUNDLE)
  if (parts.version)
    url.searchParams.set("v", parts.version)
  const pagefind = await import(url.href)
  await pagefind.init()
  for (const part of parts.parts)
    await pagefind.mergeIndex(new URL(part, BUNDLE).href)
  await pagefind.preload("")
  return { pagefind, version: parts.version, everyPage: null }
}

/* A page's text, headings and metadata. Pagefind's own `data()` of a result also cuts an
   excerpt for each of the page's sections that hold a match, splitting the page's whole
   text for each: on a page of thousands of cards a one-letter query would take minutes.
   For a result matched that many times, the same page's result from a search for nothing
   (every page, no match in any) gives the same fragment without that work; a page whose id
   two parts of the index share keeps its own result's. That search costs about as much as
   a query (half a second at 1,000 notes), so an ordinary result is read as it is. */
async function fragmentOf(engine, result) {
  if (result.words.length < MANY_LOCATIONS)
    return result.data()
  if (!engine.everyPage)
    engine.everyPage = engine.pagefind.search(null).then(response => {
      const byId = new Map()
      for (const page of response.results)
        byId.set(page.id, byId.has(page.id) ? null : page)
      return byId
    })
  const plain = (await engine.everyPage).get(result.id)
  return (plain || result).data()
}

const ONE_PART = { parts: [], version: null }

/* The index, loaded once per version: two queries that both see a new version share one
   load (a second would merge every part into the same module twice) */
function loaded(parts) {
  if (loading !== parts.version) {
    loading = parts.version
    engine = load(parts)
  }
  return engine
}

async function current() {
  if (LIVE) {
    /* The first index of a `serve` session may not be written yet when the page loads */
    const parts = await manifest().catch(() => null)
    if (parts)
      return loaded(parts)
  }
  return engine
}

/* ------------------------------------------------------------------------- */

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

/* Accents off, as Pagefind matches words: "rényi" is "renyi" */
function folded(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "")
}

/* The part of a page word a query word matched: "zero_grad" of "opt.zero_grad()" (or
   "grad" of it for the query word "grad"), "weights" of "\\text{weights}"; that part is what
   the target page highlights. With how many of its first letters it shares with the query
   word; nothing when no part starts like a query word. */
function bestPart(word, query) {
  const lower = word.toLowerCase()
  let best = { part: "", shared: 0 }
  for (const part of [...lower.split(NON_WORD), ...lower.split(PART)]) {
    const plain = folded(part)
    for (const term of query) {
      const typed = folded(term)
      let shared = 0
      while (shared < plain.length && plain[shared] === typed[shared])
        shared++
      if (shared > best.shared)
        best = { part, shared }
    }
  }
  return best
}

function matchedPart(word, query) {
  return bestPart(word, query).part
}

/* Pagefind answers a word no page holds with the words that start its longest prefix
   found ("q" for "quokka"): in a small part of a large index that can be a single letter.
   A page word counts as a match only when it shares its first letters, at least three
   (all of a shorter word) and two fifths of a longer one, with the word searched: "run"
   for "running", "normalization" for "normalizing", not "q:" for "quokka". */
function matches(word, term) {
  const needed = Math.min(term.length, Math.max(3, Math.ceil(term.length * 0.4)))
  return bestPart(word, [term]).shared >= needed
}

/* A typed code identifier ("torch.eye", "zero_grad", "F.relu"): letters with punctuation inside.
   Pagefind indexes "layer(torch.eye(4))" as the parts "layer", "torch", "eye", "4" (and the
   whole run glued together), so the identifier is searched as its parts and the sections
   holding it as typed are preferred (see measure). One-letter parts ("t" of "t-SNE") would
   match every word starting with that letter, so they are left out when longer parts remain. */
const IDENTIFIER = /^(?=.*\p{L})[\p{L}\p{N}]+(?:[^\p{L}\p{N}\s]+[\p{L}\p{N}]+)+$/u

function parts(word) {
  if (!IDENTIFIER.test(word))
    return [word]
  const all = word.split(PART).filter(Boolean)
  const long = all.filter(part => part.length > 1)
  return long.length ? long : all
}

/* Material's query syntax as far as Pagefind goes: "quoted words" stay a phrase,
   -word excludes pages holding it, +word is any word (every word is required).
   `words` are what Pagefind is asked for, one by one; `identifiers` the typed code words
   that were split into them, each with its parts */
function parse(query) {
  const words = []
  const identifiers = []
  const excluded = []
  const kept = []
  for (const token of query.trim().split(SPACE)) {
    if (token.length > 1 && token.startsWith("-")) {
      excluded.push(token.slice(1).replace(/"/g, ""))
      continue
    }
    const word = token.replace(/^\+/, "")
    const plain = word.replace(/"/g, "").toLowerCase()
    const split = plain ? parts(plain) : []
    /* the identifier's parts take its place, inside any quotes around it */
    kept.push(split.length > 1 ? word.replace(/[^"]+/, split.join(" ")) : word)
    if (split.length > 1)
      identifiers.push({ text: plain, parts: split })
    for (const part of split)
      if (!words.includes(part))
        words.push(part)
  }
  return { text: kept.join(" "), words, identifiers, excluded }
}

/* ------------------------------------------------------------------------- */

/* A page's sections: the text before its first heading, then one per heading with an
   id, each a range of word positions in the page's text */
function sections(fragment) {
  const headings = fragment.anchors
    .filter(anchor => HEADING.test(anchor.element) && anchor.text && anchor.text.trim())
    .sort((a, b) => a.location - b.location)
  const found = [{ start: 0, body: 0, anchor: "", title: fragment.meta.title || "" }]
  for (const heading of headings) {
    const length = heading.text.trim().split(SPACE).length
    found.push({ start: heading.location, body: heading.location + length, anchor: heading.id, title: heading.text.trim() })
  }
  found.forEach((section, i) => { section.end = i + 1 < found.length ? found[i + 1].start : Infinity })
  return found
}

/* Each section's positions of each query word: placed by binary search, as a page of
   thousands of cards has thousands of sections and a short query word many positions */
function place(all, positions) {
  const placed = all.map(() => positions.map(() => []))
  positions.forEach((list, i) => {
    for (const at of list) {
      let low = 0
      let high = all.length - 1
      while (low < high) {
        const middle = (low + high + 1) >> 1
        if (all[middle].start <= at)
          low = middle
        else
          high = middle - 1
      }
      placed[low][i].push(at)
    }
  })
  return placed
}

/* Where each query word is in a section, how many of the words it holds, and its weight:
   per word, its occurrences weighted (a heading's count more, and so do the forms typed,
   "running" over "runs") and saturating, as in BM25; plus a bonus for each pair of query
   words that stand next to each other as typed, and for each code identifier the section
   holds as typed ("torch.eye", not only "torch" and "eye") */
function measure(section, inside, words, query, identifiers) {
  let weight = 0
  inside.forEach((list, i) => {
    let occurrences = 0
    for (const at of list)
      occurrences += (at < section.body ? HEADING_WEIGHT : 1)
        * (folded(matchedPart(words[at] || "", [query[i]])).startsWith(folded(query[i])) ? TYPED_FORM_WEIGHT : 1)
    weight += occurrences / (occurrences + SATURATION)
  })
  for (let i = 1; i < inside.length; i++) {
    const previous = new Set(inside[i - 1])
    if (inside[i].some(at => previous.has(at - 1)))
      weight += ADJACENT_BONUS
  }
  const held = inside.flat().map(at => (words[at] || "").toLowerCase())
  const verbatim = identifiers.filter(identifier => held.some(word => word.includes(identifier.text)))
  weight += IDENTIFIER_BONUS * verbatim.length
  return { ...section, inside, verbatim, covered: inside.filter(list => list.length).length, weight }
}

function bySection(a, b) {
  return b.covered - a.covered || b.weight - a.weight || a.start - b.start
}

/* A few words of a section's text around its first matches, marked; never more than
   half the text, so a short answer is not given away */
function excerpt(section, words, marked) {
  const end = Math.min(section.end, words.length)
  const length = Math.min(EXCERPT_WORDS, Math.floor((end - section.body) / 2))
  if (length <= 0)
    return ""
  let first = end
  for (const list of section.inside)
    for (const at of list)
      if (at >= section.body && at < first)
        first = at
  const start = Math.max(section.body, Math.min(first - CONTEXT_WORDS, end - length))
  const shown = []
  for (let at = start; at < start + length; at++)
    shown.push(marked.has(at) ? `<mark>${escapeHTML(words[at])}</mark>` : escapeHTML(words[at]))
  const before = start > section.body ? "… " : ""
  const after = start + length < end ? " …" : ""
  return `<p>${before}${shown.join(" ")}${after}</p>`
}

/* The heading's own words (Pagefind's text adds a full stop), marked where they matched */
function markedTitle(section, marked) {
  if (!section.anchor)
    return escapeHTML(section.title)
  return section.title.split(SPACE)
    .map((word, i) => marked.has(section.start + i) ? `<mark>${escapeHTML(word)}</mark>` : escapeHTML(word))
    .join(" ")
}

/* Material's `terms`: the page's own matched words (they become `?h=`), and the query words
   the section lacks (shown as "Missing"). Where the section holds a code identifier as typed,
   its parts count only there: "torch.eye" and, for code whose tokens Material highlights one
   by one, "torch" and "eye" of it, but not every other "torch" */
function sectionTerms(section, words, query) {
  const terms = {}
  for (const identifier of section.verbatim)
    terms[identifier.text] = true
  const texts = section.verbatim.map(identifier => identifier.text)
  const partOf = new Set(section.verbatim.flatMap(identifier => identifier.parts))
  section.inside.forEach((list, i) => {
    if (!list.length)
      terms[query[i]] = false
    for (const at of list) {
      const word = (words[at] || "").toLowerCase()
      if (partOf.has(query[i]) && !texts.some(text => word.includes(text)))
        continue
      const part = matchedPart(word, [query[i]])
      if (part)
        terms[part] = true
    }
  })
  return terms
}

/* One page's group for Material: its best sections, then the page itself. The text before
   the page's first heading is no row of its own (Material would take a link without "#"
   for the page's row); when it is the best match, the page row links to the page's top. */
async function describe(engine, page, query, identifiers, stale) {
  const result = page.all || page.results.find(Boolean)
  const fragment = await fragmentOf(engine, result)
  if (stale())
    return null
  const words = fragment.content.split(SPACE)
  /* a short query word matches the same page words many times over: each is tried once */
  const tried = query.map(() => new Map())
  const matching = (word, i) => {
    if (!tried[i].has(word))
      tried[i].set(word, matches(word, query[i]))
    return tried[i].get(word)
  }
  const positions = page.positions.map((list, i) => list.filter(at => matching(words[at] || "", i)))
  const marked = new Set(positions.flat())
  const all = sections(fragment)
  const placed = place(all, positions)
  const ranked = all
    .map((section, i) => measure(section, placed[i], words, query, identifiers))
    .filter(section => section.covered)
    .sort(bySection)
  const [top] = ranked
  const url = fragment.raw_url.replace(/^\/+/, "")
  const row = section => ({
    location: section.anchor ? `${url}#${section.anchor}` : url,
    title: markedTitle(section, marked),
    text: excerpt(section, words, marked),
    score: section.covered + section.weight / (query.length + 1),
    terms: sectionTerms(section, words, query)
  })
  const documents = ranked.filter(section => section.anchor).slice(0, SECTIONS).map(row)
  const best = top ? row(top) : { location: url, text: "", score: 0, terms: {} }
  documents.push({ ...best, title: escapeHTML(fragment.meta.title || url), text: top && !top.anchor ? best.text : "" })
  return {
    documents,
    covered: top ? top.covered : 0,
    verbatim: top ? top.verbatim.length : 0,
    weight: top ? top.weight : 0,
    site: fragment.meta.source === "site",
    positions,
    words
  }
}

/* Completion of the last word typed: the page word it most often matched */
function suggestion(groups, query) {
  const last = query.length - 1
  const counts = new Map()
  for (const group of groups)
    for (const at of group.positions[last]) {
      const word = matchedPart(group.words[at] || "", [query[last]])
      if (word.length > query[last].length && word.startsWith(query[last]))
        counts.set(word, (counts.get(word) || 0) + 1)
    }
  const [best] = [...counts].sort((a, b) => b[1] - a[1])
  return best ? [best[0]] : []
}

/* The pages holding each typed identifier, from Pagefind's answers for it as typed, checked
   in the pages' text: where no word starts with it ("opt.zero_grad()" is one word), or in a
   part of the index without it, Pagefind answers with its longest prefix ("zero") */
async function typedHolders(engine, responses, typed) {
  const holders = await Promise.all(responses.map((response, i) =>
    Promise.all(response.results.slice(0, TYPED_CHECKS).map(async result => {
      const fragment = await fragmentOf(engine, result)
      return folded(fragment.content.toLowerCase()).includes(folded(typed[i])) ? result.id : null
    }))))
  return holders.flat().filter(Boolean)
}

async function search(query, number) {
  const stale = () => number !== latest
  const engine = await current()
  /* a query typed while the index loaded is superseded by the keys typed after it */
  if (stale())
    return null
  const { pagefind } = engine
  const { text, words, identifiers, excluded } = parse(query)
  if (!words.length)
    return { items: [] }
  /* The whole query, then each word alone (one word alone is the whole query), then each
     code identifier as typed (Pagefind finds it where it starts a word: "error_shard(x)"),
     then each excluded word */
  const single = words.length === 1 && text === words[0]
  const typed = identifiers.map(identifier => identifier.text)
  const terms = [text, ...single ? [] : words, ...typed, ...excluded]
  const responses = await Promise.all(terms.map(term => pagefind.search(term)))
  if (stale())
    return null
  const [all] = responses
  const each = single ? [all] : responses.slice(1, 1 + words.length)
  const ids = list => list.flatMap(response => response.results.map(result => result.id))
  const holding = await typedHolders(engine, responses.slice(terms.length - excluded.length - typed.length,
    terms.length - excluded.length), typed)
  const banned = new Set(ids(responses.slice(terms.length - excluded.length)))
  if (stale())
    return null

  /* Pages holding every word (Pagefind's own answer), then pages holding some */
  const pages = new Map()
  const page = result => {
    if (!pages.has(result.id))
      pages.set(result.id, { id: result.id, all: null, results: [], positions: words.map(() => []), score: 0 })
    return pages.get(result.id)
  }
  for (const result of all.results) {
    page(result).all = result
    page(result).score = result.score
  }
  each.forEach((response, i) => {
    for (const result of response.results) {
      const entry = page(result)
      entry.results[i] = result
      entry.positions[i] = result.words
      if (!entry.all)
        entry.score += result.score / words.length
    }
  })
  let candidates = [...pages.values()].filter(entry => !banned.has(entry.id))
  for (const entry of candidates) {
    entry.held = entry.positions.filter(list => list.length).length
    entry.typed = holding.filter(id => id === entry.id).length
  }
  /* A page Pagefind matched without a word position (its metadata only) has nothing to land
     on; and with "quoted words" only pages holding the phrase are results */
  candidates = candidates.filter(entry => entry.held && (entry.all || !text.includes('"')))
  candidates.sort((a, b) => Boolean(b.all) - Boolean(a.all) || b.typed - a.typed || b.held - a.held
    || b.score - a.score)

  const top = candidates.slice(0, PAGES)
  const groups = await Promise.all(top.map(entry => describe(engine, entry, words, identifiers, stale)))
  if (stale())
    return null
  /* A page left with no word once Pagefind's fallbacks are set aside is no result */
  const order = top.map((entry, i) => ({ entry, group: groups[i], rank: i })).filter(({ group }) => group.covered)
  order.sort((a, b) => b.group.covered - a.group.covered || b.group.verbatim - a.group.verbatim
    || a.group.site - b.group.site || b.group.weight - a.group.weight || a.rank - b.rank)
  const items = order.map(({ group }) => group.documents)
  return { items, ...suggest && { suggest: suggestion(groups, words) } }
}

/* One query at a time: a key typed while a query is searched replaces the query waiting,
   so after a burst of keys only the last is searched once the one under way gives up (at
   its next check that it is stale). Searched side by side, every prefix typed would slow
   the others down, the last one too. */
async function searchWaiting() {
  searching = true
  while (waiting) {
    const { query, number } = waiting
    waiting = null
    try {
      const result = await search(query, number)
      if (result && number === latest)
        postMessage({ type: RESULT, data: result })
    } catch (err) {
      console.warn(`vaultmark search: query failed: ${query}`, err)
      postMessage({ type: RESULT, data: { items: [] } })
    }
  }
  searching = false
}

/* ------------------------------------------------------------------------- */

addEventListener("message", async ({ data: message }) => {
  switch (message.type) {
    case SETUP:
      suggest = Boolean(message.data.options && message.data.options.suggest)
      /* set at once: a query that comes before the index is loaded waits for it */
      engine = manifest().catch(() => ONE_PART).then(loaded)
      try {
        await engine
      } catch (err) {
        console.warn("vaultmark search: the index could not be loaded", err)
      }
      postMessage({ type: READY })
      break
    case QUERY:
      waiting = { query: message.data, number: ++latest }
      if (!searching)
        searchWaiting()
      break
  }
})
