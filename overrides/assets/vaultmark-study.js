/*
 * Study mode: test yourself card by card, with FSRS scheduling that remembers you.
 * An ES module (no globals), run on every page Material shows (document$).
 *
 * The build writes the data (hooks/vaultmark_mkdocs/study.py): study/cards/<page>.json
 * holds a page's cards as HTML; study/index.json every page's card ids, category and
 * tags. Each page with cards names its card file in an empty .vm-study element; the
 * home page, category pages and the Review page hold .vm-study panels.
 *
 * Progress is one localStorage entry per site (its root path): for each card id, the
 * FSRS card, the time of its first and last review, and where it stood on its page (so
 * a card whose question was reworded finds its history again). Nothing leaves the browser.
 */
import { element, siteRoot } from "./vaultmark-dom.js"
import { State, createCard, review } from "./vaultmark-fsrs.js"

const DAY = 86400000
const REQUEUE_WITHIN = 20 * 60000 /* a card due again this soon comes back in the same session */
const GRADES = [["Again", 1], ["Hard", 2], ["Good", 3], ["Easy", 4]]
const EXPORT_FORMAT = "vaultmark-progress"

/* ------------------------------------------------------------------------- */
/* The site: where it lives, its study data */

const cache = { index: null, files: new Map() }

function loadIndex() {
  if (!cache.index) {
    cache.index = fetch(new URL("study/index.json", siteRoot()))
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
  }
  return cache.index
}

/* A page's card file, once per page and version */
function loadCards(file) {
  if (!cache.files.has(file)) {
    cache.files.set(file, fetch(new URL(file, siteRoot())).then((response) => {
      if (!response.ok) throw new Error(`${file}: ${response.status}`)
      return response.json()
    }))
  }
  return cache.files.get(file)
}

/* Every card of the index, each once (an embedded card is listed on several pages),
   with the page it belongs to: its own note's page when that page lists it */
function indexCards(index) {
  const cards = new Map()
  for (const page of index.pages) {
    page.cards.forEach((short, ordinal) => {
      const id = short.startsWith("#") ? page.source + short : short
      const own = id.startsWith(page.source + "#")
      if (cards.has(id) && !own) return
      cards.set(id, { id, page, ordinal, schedule: (page.schedules || {})[id] || "" })
    })
  }
  return [...cards.values()]
}

/* ------------------------------------------------------------------------- */
/* Progress in localStorage */

function storeKey() {
  return `vaultmark-study:${siteRoot().pathname}`
}

function readStore() {
  try {
    const stored = JSON.parse(localStorage.getItem(storeKey()) || "null")
    if (stored && stored.version === 1 && stored.cards) return stored
  } catch (error) {
    console.warn("Study progress could not be read; starting afresh", error)
  }
  return { version: 1, cards: {} }
}

function writeStore(store) {
  localStorage.setItem(storeKey(), JSON.stringify(store))
}

/* A card whose question was reworded has a new id: it takes over the history of the card
   that stood at its place on the same page, if that id is gone from the page */
function adoptRenamed(store, source, ids) {
  const present = new Set(ids)
  const orphans = new Map()
  for (const [id, record] of Object.entries(store.cards)) {
    if (record.page === source && !present.has(id)) orphans.set(record.ordinal, id)
  }
  let changed = false
  ids.forEach((id, ordinal) => {
    const orphan = orphans.get(ordinal)
    if (store.cards[id] || orphan === undefined || !id.startsWith(source + "#")) return
    store.cards[id] = store.cards[orphan]
    delete store.cards[orphan]
    changed = true
  })
  if (changed) writeStore(store)
}

/* The FSRS card of a card: stored, or from its Spaced Repetition comment, or null (new).
   A comment `due,interval,ease` makes a card in Review, due on that date, with its
   interval as stability and its ease (250 = Anki's 2.5) mapped to a difficulty. */
function fsrsCard(store, id, schedule) {
  const record = store.cards[id]
  if (record) return record.card
  const found = /^(\d{4})-(\d\d)-(\d\d),(\d+),(\d+)$/.exec(schedule || "")
  if (!found) return null
  const due = new Date(+found[1], found[2] - 1, +found[3]).getTime()
  const interval = Math.max(1, +found[4])
  return {
    state: State.Review, step: null, stability: interval,
    difficulty: Math.min(10, Math.max(1, 11 - found[5] / 50)),
    due, last_review: due - interval * DAY,
  }
}

/* "new", "due", "learning" or "known" at time `now` */
function cardStatus(card, now) {
  if (!card) return "new"
  if (card.due <= now) return "due"
  return card.state === State.Review ? "known" : "learning"
}

function startOfDay(now) {
  const day = new Date(now)
  day.setHours(0, 0, 0, 0)
  return day.getTime()
}

function countStatus(store, cards, now) {
  const counts = { due: 0, new: 0, learning: 0, known: 0, week: 0 }
  for (const card of cards) {
    const fsrs = fsrsCard(store, card.id, card.schedule)
    counts[cardStatus(fsrs, now)] += 1
    if (fsrs && fsrs.due > now && fsrs.due <= now + 7 * DAY) counts.week += 1
  }
  return counts
}

function countsText(counts) {
  const parts = [`${counts.due} due`, `${counts.new} new`]
  if (counts.learning) parts.push(`${counts.learning} learning`)
  parts.push(`${counts.known} known`)
  return parts.join(" · ")
}

/* Due cards first (earliest first), then new cards up to what today's limit leaves */
function dueQueue(store, cards, settings, now) {
  const due = []
  const fresh = []
  for (const card of cards) {
    const fsrs = fsrsCard(store, card.id, card.schedule)
    if (!fsrs) fresh.push(card)
    else if (fsrs.due <= now) due.push([fsrs.due, card])
  }
  const today = startOfDay(now)
  const introduced = Object.values(store.cards).filter((record) => record.first >= today).length
  const room = Math.max(0, settings.new_per_day - introduced)
  return due.sort((a, b) => a[0] - b[0]).map(([, card]) => card).concat(fresh.slice(0, room))
}

/* ------------------------------------------------------------------------- */
/* Small DOM helpers */

function button(label, onclick, className = "md-button vm-study__button") {
  return element("button", { type: "button", class: className, onclick }, label)
}

function shuffled(items) {
  const result = [...items]
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[result[i], result[j]] = [result[j], result[i]]
  }
  return result
}

function duration(ms) {
  const seconds = Math.round(ms / 1000)
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

function intervalText(due, now) {
  const minutes = Math.max(1, Math.round((due - now) / 60000))
  if (minutes < 60) return `${minutes} min`
  if (minutes < 1440) return `${Math.round(minutes / 60)} h`
  const days = Math.round(minutes / 1440)
  return days < 365 ? `${days} d` : `${(days / 365).toFixed(1)} y`
}

/* Card HTML from another page: its links and images resolved against that page, its ids
   dropped (they belong to the page), its formulas typeset after the page's macros */
function cardFragment(html, pageUrl) {
  const template = document.createElement("template")
  template.innerHTML = html
  const base = new URL(pageUrl, siteRoot())
  for (const node of template.content.querySelectorAll("[id]")) node.removeAttribute("id")
  for (const [attribute, selector] of [["href", "[href]"], ["src", "[src]"]]) {
    for (const node of template.content.querySelectorAll(selector)) {
      node.setAttribute(attribute, new URL(node.getAttribute(attribute), base).href)
    }
  }
  return template.content
}

let typesetting = Promise.resolve()
const macrosTypeset = new Set()

function typeset(container, page, macros) {
  const mathjax = window.MathJax
  if (!mathjax || !mathjax.typesetPromise) return
  typesetting = typesetting.then(async () => {
    if (macros && !macrosTypeset.has(page)) {
      macrosTypeset.add(page)
      const definitions = element("div", { class: "vm-session__macros", hidden: "" })
      definitions.innerHTML = macros
      container.before(definitions)
      await mathjax.typesetPromise([definitions])
    }
    await mathjax.typesetPromise([container])
  }).catch((error) => console.warn("MathJax could not typeset this card", error))
}

/* ------------------------------------------------------------------------- */
/* A session: one card at a time in a modal dialog */

class Session {
  constructor(title, cards, settings) {
    this.title = title
    this.queue = [...cards]
    this.settings = settings
    this.position = 0
    this.graded = 0
    this.again = 0
    this.started = Date.now()
    this.history = []
    this.revealed = false
    this.build()
  }

  build() {
    const heading = element("h2", { id: "vm-session-title", class: "vm-session__title", text: this.title })
    this.progress = element("p", { class: "vm-session__progress", "aria-live": "polite" })
    const shuffle = button("Shuffle", () => this.shuffle(), "vm-session__tool")
    const close = button("Close", () => this.close(), "vm-session__tool")
    close.setAttribute("aria-keyshortcuts", "Escape")
    this.body = element("div", { class: "vm-session__body" })
    this.footer = element("div", { class: "vm-session__footer" })
    this.dialog = element("dialog", { class: "vm-session", "aria-labelledby": "vm-session-title" },
      element("div", { class: "vm-session__header" }, heading, this.progress,
        element("div", { class: "vm-session__tools" }, shuffle, close)),
      this.body, this.footer)
    this.dialog.addEventListener("keydown", (event) => this.key(event))
    this.dialog.addEventListener("close", () => this.dialog.remove())
    /* A link in a card (or to the card's note) leaves the session for the page it opens */
    this.dialog.addEventListener("click", (event) => {
      if (event.target.closest("a[href]")) this.close()
    })
    document.body.append(this.dialog)
    this.dialog.showModal()
    this.show()
  }

  current() {
    return this.queue[this.position]
  }

  async show() {
    this.revealed = false
    this.body.replaceChildren()
    this.footer.replaceChildren()
    const card = this.current()
    if (!card) return this.summary()
    this.progress.textContent = `${this.position + 1} of ${this.queue.length}`
    const data = await this.cardData(card)
    if (card !== this.current() || this.revealed) return
    this.question = element("div", { class: "vm-session__question md-typeset" })
    this.question.append(data ? cardFragment(data.q, card.page.url) : "This card is no longer on the site.")
    this.answer = element("div", { class: "vm-session__answer md-typeset", role: "region",
      "aria-label": "Answer", "aria-live": "polite" })
    const source = element("p", { class: "vm-session__source md-typeset" }, "From ", element("a", {
      href: `${new URL(card.page.url, siteRoot()).href}#${card.id.split("#").pop()}`, text: card.page.title }))
    this.body.append(this.question, this.answer, source)
    typeset(this.question, card.page.file, this.macros)
    const reveal = button("Show answer", () => this.reveal(), "md-button md-button--primary vm-session__reveal")
    reveal.setAttribute("aria-keyshortcuts", "Space Enter")
    this.footer.append(reveal, this.undoButton())
    reveal.focus()
    this.prefetch()
  }

  async cardData(card) {
    try {
      const file = await loadCards(card.page.file)
      this.macros = file.macros
      return file.cards.find((entry) => entry.id === card.id) || null
    } catch (error) {
      console.warn("Study cards could not be loaded", error)
      this.macros = ""
      return null
    }
  }

  /* The next card's file, so it shows at once */
  prefetch() {
    const next = this.queue[this.position + 1]
    if (next) loadCards(next.page.file).catch(() => {})
  }

  undoButton() {
    const undo = button("Undo", () => this.undo(), "vm-session__tool")
    undo.setAttribute("aria-keyshortcuts", "U")
    undo.disabled = this.history.length === 0
    return undo
  }

  reveal() {
    const card = this.current()
    if (this.revealed || !card || !this.answer) return
    this.revealed = true
    loadCards(card.page.file).then((file) => {
      const data = file.cards.find((entry) => entry.id === card.id)
      this.answer.append(data ? cardFragment(data.a, card.page.url) : "")
      typeset(this.answer, card.page.file, file.macros)
    }).catch(() => {})
    const store = readStore()
    const now = Date.now()
    const before = fsrsCard(store, card.id, card.schedule) || createCard(now)
    const grades = element("div", { class: "vm-session__grades", role: "group", "aria-label": "Grade your answer" })
    for (const [label, rating] of GRADES) {
      const next = review(before, rating, now, this.options())
      const grade = button("", () => this.grade(rating), `vm-session__grade vm-session__grade--${label.toLowerCase()}`)
      grade.append(element("span", { class: "vm-session__grade-name", text: label }),
        element("span", { class: "vm-session__grade-next", text: intervalText(next.due, now) }))
      grade.setAttribute("aria-label", `${label}, next in ${intervalText(next.due, now)}`)
      grade.setAttribute("aria-keyshortcuts", String(rating))
      grades.append(grade)
    }
    this.footer.replaceChildren(grades, this.undoButton())
    grades.querySelector(".vm-session__grade--good").focus()
  }

  options() {
    return { desired_retention: this.settings.desired_retention }
  }

  grade(rating) {
    const card = this.current()
    if (!this.revealed || !card) return
    const store = readStore()
    const now = Date.now()
    const previous = store.cards[card.id]
    const before = fsrsCard(store, card.id, card.schedule) || createCard(now)
    const after = review(before, rating, now, this.options())
    store.cards[card.id] = { card: after, first: previous ? previous.first : now, last: now,
      reviews: (previous ? previous.reviews : 0) + 1 }
    if (card.id.startsWith(card.page.source + "#")) {
      /* where the card stands in its own note, should its question be reworded */
      Object.assign(store.cards[card.id], { page: card.page.source, ordinal: card.ordinal })
    }
    writeStore(store)
    const requeued = after.due - now < REQUEUE_WITHIN
    if (requeued) this.queue.push(card)
    this.history.push({ position: this.position, id: card.id, previous, requeued, rating })
    this.graded += 1
    if (rating === 1) this.again += 1
    this.position += 1
    document.dispatchEvent(new CustomEvent("vaultmark:progress"))
    this.show()
  }

  undo() {
    const last = this.history.pop()
    if (!last) return
    const store = readStore()
    if (last.previous) store.cards[last.id] = last.previous
    else delete store.cards[last.id]
    writeStore(store)
    if (last.requeued) this.queue.pop()
    this.position = last.position
    this.graded -= 1
    if (last.rating === 1) this.again -= 1
    document.dispatchEvent(new CustomEvent("vaultmark:progress"))
    this.show()
  }

  /* The cards not yet seen, in a new order; each still comes once */
  shuffle() {
    const rest = this.queue.slice(this.position + (this.revealed ? 1 : 0))
    this.queue.splice(this.position + (this.revealed ? 1 : 0), rest.length, ...shuffled(rest))
    if (!this.revealed) this.show()
  }

  summary() {
    this.progress.textContent = "Done"
    const seconds = Date.now() - this.started
    this.body.replaceChildren(element("div", { class: "vm-session__summary", role: "status" },
      element("h3", { text: "Session complete" }),
      element("p", { text: `${this.graded} graded · ${this.again} again · ${duration(seconds)}` })))
    const done = button("Close", () => this.close(), "md-button md-button--primary")
    this.footer.replaceChildren(done, this.undoButton())
    done.focus()
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    const target = event.target
    const onButton = target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement
    if ((event.key === " " || event.key === "Enter") && !this.revealed && this.current()) {
      if (onButton && !target.classList.contains("vm-session__reveal")) return
      event.preventDefault()
      this.reveal()
    } else if (/^[1-4]$/.test(event.key) && this.revealed) {
      event.preventDefault()
      this.grade(Number(event.key))
    } else if (event.key === "u" || event.key === "U") {
      event.preventDefault()
      this.undo()
    }
  }

  close() {
    if (this.dialog.open) this.dialog.close()
    this.dialog.remove()
  }
}

let session = null

function startSession(title, cards, settings) {
  if (session) session.close()
  if (!cards.length) return
  session = new Session(title, cards, settings)
}

function randomCard(cards, settings, scope) {
  if (!cards.length) return
  const card = cards[Math.floor(Math.random() * cards.length)]
  startSession(`Random question: ${scope}`, [card], settings)
}

/* ------------------------------------------------------------------------- */
/* On the page: controls, counts and the state of each card */

const DEFAULT_SETTINGS = { desired_retention: 0.9, new_per_day: 20 }

/* A note's page: its cards come from the page itself, their HTML from its card file */
function pagePanel(panel) {
  const elements = [...document.querySelectorAll("article [data-card]")]
  const ids = [...new Set(elements.map((node) => node.dataset.card))]
  const page = { url: location.href, file: panel.dataset.studyFile, source: panel.dataset.studySource,
    title: document.querySelector("article h1")?.textContent.replace(/¶$/, "").trim() || document.title }
  const settings = { ...DEFAULT_SETTINGS, desired_retention: Number(panel.dataset.studyRetention) }
  const cards = ids.map((id, ordinal) => {
    const node = elements.find((candidate) => candidate.dataset.card === id)
    return { id, page, ordinal, schedule: node.dataset.sr || "" }
  })
  adoptRenamed(readStore(), page.source, ids)
  const counts = element("span", { class: "vm-study__counts" })
  panel.replaceChildren(counts,
    button(`Study this page (${cards.length})`, () => startSession(page.title, cards, settings)),
    randomButton(() => randomCard(cards, settings, page.title)))
  const bar = document.querySelector("article .vm-controls") || document.querySelector("article h1")
  if (bar) bar.after(panel)
  const refresh = () => {
    const store = readStore()
    const now = Date.now()
    counts.textContent = countsText(countStatus(store, cards, now))
    for (const node of elements) markCard(node, cardStatus(fsrsCard(store, node.dataset.card, node.dataset.sr), now))
  }
  refresh()
  return refresh
}

function randomButton(onclick) {
  const random = button("Random question", onclick)
  random.setAttribute("aria-keyshortcuts", "R")
  return random
}

/* The small state marker of a card in reading mode: never the answer. Outside the card's
   heading, so the heading's text (and what a screen reader reads of it) stays the question. */
function markCard(node, status) {
  let marker = node.querySelector(":scope > .vm-state")
  if (!marker) {
    marker = element("span", { class: "vm-state" })
    node.append(marker)
  }
  marker.className = `vm-state vm-state--${status}`
  marker.textContent = status
  marker.setAttribute("title", `Study state: ${status}`)
}

/* Home, category and Review pages: counts and sessions from the index */
async function indexPanel(panel) {
  const index = await loadIndex()
  if (!index || !index.pages.length) {
    panel.hidden = true
    return () => {}
  }
  const all = indexCards(index)
  const settings = index.settings
  const category = panel.dataset.studyCategory
  const scope = category === undefined ? all : all.filter((card) => card.page.category === category)
  const name = category === undefined ? "all notes" : category
  if (panel.dataset.studyReview !== undefined) return reviewPage(panel, index, all)
  const refresh = () => {
    const store = readStore()
    const now = Date.now()
    const due = dueQueue(store, scope, settings, now)
    const review = button(`Review · ${cardsText(due.length)}`, () => startSession(`Review: ${name}`,
      dueQueue(readStore(), scope, settings, Date.now()), settings))
    review.disabled = due.length === 0
    panel.replaceChildren(element("span", { class: "vm-study__counts", text: countsText(countStatus(store, scope, now)) }),
      review, randomButton(() => randomCard(scope, settings, name)))
  }
  refresh()
  return refresh
}

function cardsText(count) {
  return `${count} card${count === 1 ? "" : "s"}`
}

/* The Review page: every due card, then each category and tag, and moving progress */
function reviewPage(panel, index, all) {
  const settings = index.settings
  const categories = [...new Set(all.map((card) => card.page.category).filter(Boolean))].sort()
  const tags = [...new Set(all.flatMap((card) => card.page.tags))].sort()
  const overview = element("div", { class: "vm-review__overview" })
  panel.replaceChildren(overview, progressTools())
  const refresh = () => {
    const store = readStore()
    const now = Date.now()
    const counts = countStatus(store, all, now)
    const due = dueQueue(store, all, settings, now)
    const reviewAll = button(`Review all due · ${cardsText(due.length)}`, () => startSession("Review: all due cards",
      dueQueue(readStore(), all, settings, Date.now()), settings), "md-button md-button--primary vm-study__button")
    reviewAll.disabled = due.length === 0
    const groups = (title, column, key, names) => {
      const rows = names.map((name) => {
        const cards = all.filter((card) => key(card).includes(name))
        const row = countStatus(store, cards, now)
        const queue = dueQueue(store, cards, settings, now)
        const start = button(`Review (${queue.length})`, () => startSession(`Review: ${name}`,
          dueQueue(readStore(), cards, settings, Date.now()), settings), "md-button vm-study__button")
        start.disabled = queue.length === 0
        start.setAttribute("aria-label", `Review ${name}: ${cardsText(queue.length)}`)
        const every = button("Study all", () => startSession(name, cards, settings), "md-button vm-study__button")
        every.setAttribute("aria-label", `Study all ${cardsText(cards.length)} of ${name}`)
        /* The buttons sit under the name: on a phone they show before the table scrolls */
        return element("tr", { "data-name": name },
          element("th", { scope: "row" }, name, element("span", { class: "vm-review__actions" }, start, every)),
          ...["due", "new", "learning", "known"].map((status) => element("td", { text: String(row[status]) })))
      })
      /* Material's own table wrappers: a wide table scrolls in its box, never the page */
      return [element("h2", { text: title }), element("div", { class: "md-typeset__scrollwrap" },
        element("div", { class: "md-typeset__table" }, element("table", {}, element("thead", {}, element("tr", {},
          ...[column, "Due", "New", "Learning", "Known"].map((text) =>
            element("th", { scope: "col", text })))), element("tbody", {}, ...rows))))]
    }
    overview.replaceChildren(
      element("p", { class: "vm-study__counts vm-review__total", text: countsText(counts) }),
      element("p", { class: "vm-review__week", text: `${counts.week} coming due in the next 7 days` }),
      element("p", {}, reviewAll, " ", randomButton(() => randomCard(all, settings, "all notes"))),
      ...groups("By category", "Category", (card) => [card.page.category], categories),
      ...(tags.length ? groups("By tag", "Tag", (card) => card.page.tags, tags) : []))
  }
  refresh()
  return refresh
}

/* ------------------------------------------------------------------------- */
/* Moving progress: export, import (the later review of a card wins), reset */

function progressTools() {
  const status = element("p", { class: "vm-review__status", role: "status" })
  const input = element("input", { type: "file", accept: "application/json,.json", class: "vm-review__file",
    "aria-label": "Progress file to import" })
  input.addEventListener("change", async () => {
    const file = input.files[0]
    if (!file) return
    try {
      const added = importProgress(JSON.parse(await file.text()))
      status.textContent = `Imported: ${added} card${added === 1 ? "" : "s"} updated.`
    } catch (error) {
      status.textContent = `Not imported: ${error.message}`
    }
    input.value = ""
  })
  const reset = button("Reset progress…", () => {
    if (!confirm("Forget all study progress of this site in this browser? Export it first to keep a copy.")) return
    localStorage.removeItem(storeKey())
    status.textContent = "Progress reset."
    document.dispatchEvent(new CustomEvent("vaultmark:progress"))
  }, "md-button vm-study__button")
  return element("section", { class: "vm-review__progress", "aria-labelledby": "vm-progress-title" },
    element("h2", { id: "vm-progress-title", text: "Your progress" }),
    element("p", { text: "Progress lives in this browser only. Export it as a file to move it to another " +
      "browser or device, and import it there; an import keeps the later review of each card." }),
    element("p", {}, button("Export progress", exportProgress, "md-button vm-study__button"), " ",
      element("label", { class: "md-button vm-study__button vm-review__import" }, "Import progress…", input), " ",
      reset),
    status)
}

function exportProgress() {
  const store = readStore()
  const data = { format: EXPORT_FORMAT, version: 1, site: siteRoot().pathname, exported: new Date().toISOString(),
    cards: store.cards }
  const link = element("a", { href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)],
    { type: "application/json" })), download: `study-progress-${new Date().toISOString().slice(0, 10)}.json` })
  document.body.append(link)
  link.click()
  link.remove()
}

function importProgress(data) {
  if (!data || data.format !== EXPORT_FORMAT || typeof data.cards !== "object")
    throw new Error("this is not a study progress file exported by this site")
  const store = readStore()
  let updated = 0
  for (const [id, record] of Object.entries(data.cards)) {
    if (!record || !record.card || typeof record.last !== "number") continue
    const mine = store.cards[id]
    if (!mine || record.last > mine.last) {
      store.cards[id] = record
      updated += 1
    }
  }
  writeStore(store)
  document.dispatchEvent(new CustomEvent("vaultmark:progress"))
  return updated
}

/* ------------------------------------------------------------------------- */

let refreshers = []

function setUp() {
  if (session) session.close()
  session = null
  macrosTypeset.clear()
  refreshers = []
  for (const panel of document.querySelectorAll("article .vm-study")) {
    if (panel.dataset.studyFile !== undefined) refreshers.push(pagePanel(panel))
    else indexPanel(panel).then((refresh) => refreshers.push(refresh))
  }
}

document.addEventListener("vaultmark:progress", () => refreshers.forEach((refresh) => refresh()))

/* `r` opens a random question of what the page shows (its cards, its category, the site) */
document.addEventListener("keydown", (event) => {
  if (event.key !== "r" || event.altKey || event.ctrlKey || event.metaKey || session?.dialog.open) return
  if (event.target.closest("input, textarea, select, [contenteditable]")) return
  const random = document.querySelector("article .vm-study [aria-keyshortcuts=R]")
  if (random) {
    event.preventDefault()
    random.click()
  }
})

document$.subscribe(setUp)
