/*
 * Link previews: hovering an internal link for a moment, focusing it with the keyboard or
 * long-pressing it on a touch screen shows what it points at, fetched from the site itself:
 * a heading's section for `[[Note#Heading]]`, the block for `[[Note#^id]]`, a card for a
 * card's id, the note's start otherwise. Answers stay folded; formulas are typeset.
 * Keyboard: the preview is the focused link's description and Escape closes it; one too long
 * to show whole is a tab stop after its link (the arrow keys scroll it), Tab leaves it again.
 *
 * An ES module (no globals) whose listeners sit on the document once, so the pages instant
 * navigation swaps in need nothing more. Material's own `navigation.instant.preview` is not
 * used: it previews only pages listed in sitemap.xml (none when site_url is empty), shows an
 * empty heading for a block id, cuts a section at any heading and has no long-press.
 */
import { siteRoot } from "./vaultmark-dom.js"

const OPEN_DELAY = 300 /* hovering a link this long opens its preview */
const CLOSE_DELAY = 200 /* time for the pointer to cross from the link into the preview */
const LONG_PRESS = 500
const START_BLOCKS = 6 /* a note's start: its title and at most this many blocks before an h2 */
const GAP = 8 /* px between the link and its preview, and the least margin to the window */
/* What a block id at the end of a line marks: the closest of these around its anchor */
const BLOCKS = "p, li, dt, dd, blockquote, table, figure, details, .admonition"
/* Not the note's text: page furniture (backlinks, tags, placeholders that scripts fill) */
const FURNITURE = "script, style, nav, aside, [hidden], [data-pagefind-ignore], .vm-study, div:empty"
const FOCUSABLE = "a[href], area, button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]"
/* Attributes naming ids: prefixed in a preview, so they never clash with the page's own */
const REFERENCES = ["id", "for", "name", "aria-controls", "aria-describedby", "aria-labelledby", "aria-owns"]
const NO_PREVIEW = "pre, .headerlink, .footnote-backref, [download]"

/* The page (without hash) and the id a link of the article points at, or null for a link
   that gets no preview: to another site, a download, a file, the top of this very page */
function destination(link) {
  if (!link.closest("article.md-content__inner") || link.closest(NO_PREVIEW)) return null
  const url = new URL(link.href)
  const root = siteRoot()
  const name = url.pathname.split("/").pop()
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null
  if (/\.\w+$/.test(name) && !/\.html$/i.test(name)) return null
  let hash = url.hash.slice(1)
  try {
    hash = decodeURIComponent(hash)
  } catch {} /* a malformed escape stays as written */
  url.hash = url.search = ""
  return url.pathname === location.pathname && !hash ? null : { page: url.href, hash }
}

/* Each page once per visit, parsed; one that fails to load stays a rejected promise */
const pages = new Map()

function loadPage(url) {
  if (!pages.has(url)) {
    pages.set(url, fetch(url)
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${url}: ${response.status}`))))
      .then((text) => new DOMParser().parseFromString(text, "text/html")))
  }
  return pages.get(url)
}

/* What of the page a preview shows */
function excerpt(doc, hash) {
  const article = doc.querySelector("article.md-content__inner")
  const found = hash ? doc.getElementById(hash) : null
  if (!article) return []
  if (!found || !article.contains(found)) return start(article)
  const card = found.closest(".vm-card")
  if (card) return [card]
  if (/^H[1-6]$/.test(found.tagName)) {
    /* a notebook's question heading names its answer card, in a later cell */
    const answer = found.dataset.answer ? doc.getElementById(found.dataset.answer) : null
    return [...section(found), ...(answer ? [answer] : [])]
  }
  if (found.firstChild) return [found]
  /* a block id's empty anchor: a <div> just before its block, or a <span> at its end */
  const block = found.tagName === "DIV" ? found.nextElementSibling : found.parentElement.closest(BLOCKS)
  return block && article.contains(block) ? [block] : []
}

/* A heading and what follows it up to the next heading of the same or a higher level */
function section(heading) {
  const nodes = [heading]
  for (let next = heading.nextElementSibling; next; next = next.nextElementSibling) {
    const level = /^H([1-6])$/.exec(next.tagName)
    if (level && level[1] <= heading.tagName[1]) break
    if (!next.matches(FURNITURE)) nodes.push(next)
  }
  return nodes
}

/* The note's title and its first blocks, up to its first h2 */
function start(article) {
  const title = article.querySelector("h1")
  const nodes = title ? [title] : []
  let next = title ? title.nextElementSibling : (article.querySelector(".vm-searchable") || article).firstElementChild
  for (; next && nodes.length <= START_BLOCKS && !/^H[12]$/.test(next.tagName); next = next.nextElementSibling) {
    if (!next.matches(FURNITURE)) nodes.push(next)
  }
  return nodes
}

/* A copy for this page: answers folded, ids prefixed, links and pictures resolved against
   the page they come from, nothing of it in the tab order */
let previews = 0

function copy(nodes, pageUrl) {
  const box = document.createElement("div")
  box.append(...nodes.map((node) => document.importNode(node, true)))
  box.querySelectorAll(".headerlink, script").forEach((node) => node.remove())
  const prefix = `vm-preview-${++previews}-`
  for (const node of box.querySelectorAll("*")) {
    for (const name of REFERENCES) {
      const value = node.getAttribute(name)
      if (value) node.setAttribute(name, value.trim().split(/\s+/).map((token) => prefix + token).join(" "))
    }
    for (const name of ["href", "src"]) {
      const value = node.getAttribute(name)
      if (value !== null) node.setAttribute(name, new URL(value, pageUrl).href)
    }
    if (node.matches(FOCUSABLE)) node.setAttribute("tabindex", "-1")
    if (node.tagName === "DETAILS") node.open = false
  }
  return box.childNodes
}

/* One typeset at a time, after the page's own (mathjax-config.js chains them the same way) */
function typeset(tip) {
  const mathjax = window.MathJax
  if (!mathjax?.typesetPromise || !tip.querySelector(".arithmatex")) return
  const done = (mathjax.startup?.promise || Promise.resolve())
    .then(() => tip.isConnected && mathjax.typesetPromise([tip]))
    .catch((error) => console.warn("MathJax could not typeset this preview", error))
  if (mathjax.startup) mathjax.startup.promise = done
}

/* The popover: one at a time, below its link (above when there is more room there) */
let current = null /* { link, tip, observer } */
let wanted = null /* the link whose preview is on its way */

async function show(link) {
  const to = destination(link)
  if (!to || current?.link === link) return
  wanted = link
  const nodes = await loadPage(to.page).then((doc) => excerpt(doc, to.hash), () => [])
  if (wanted !== link || !nodes.length || !link.isConnected) return
  close()
  const tip = Object.assign(document.createElement("div"), { id: "vm-preview", className: "vm-preview md-typeset" })
  tip.setAttribute("role", "tooltip")
  tip.append(...copy(nodes, to.page))
  document.body.append(tip)
  link.setAttribute("aria-describedby", [link.getAttribute("aria-describedby"), tip.id].filter(Boolean).join(" "))
  current = { link, tip, observer: new ResizeObserver(() => place(link, tip)) }
  place(link, tip)
  current.observer.observe(tip) /* placed again once math or pictures change its size */
  typeset(tip)
}

function place(link, tip) {
  const box = link.getBoundingClientRect()
  const body = document.body.getBoundingClientRect()
  const room = { below: innerHeight - box.bottom - 2 * GAP, above: box.top - 2 * GAP }
  const below = tip.offsetHeight <= room.below || room.below >= room.above
  tip.style.setProperty("--vm-preview-room", `${Math.max(room.below, room.above)}px`)
  const top = below ? box.bottom + GAP : box.top - GAP - tip.offsetHeight
  const left = Math.max(GAP, Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - GAP))
  tip.style.top = `${top - body.top}px`
  tip.style.left = `${left - body.left}px`
  tip.classList.toggle("vm-preview--above", !below)
  tip.tabIndex = tip.scrollHeight > tip.clientHeight ? 0 : -1 /* a tab stop only if it scrolls */
}

function close() {
  wanted = null
  if (!current) return
  const { link, tip, observer } = current
  current = null
  observer.disconnect()
  const others = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter((id) => id && id !== tip.id)
  if (others.length) link.setAttribute("aria-describedby", others.join(" "))
  else link.removeAttribute("aria-describedby")
  window.MathJax?.typesetClear?.([tip])
  tip.remove()
}

function inside(node) {
  return Boolean(current && node instanceof Node && (current.link.contains(node) || current.tip.contains(node)))
}

function linkOf(node) {
  const link = node instanceof Element ? node.closest("a[href]") : null
  return link && destination(link) ? link : null
}

/* Hover: a moment on the link opens it; leaving both link and preview closes it */
let openTimer = 0
let closeTimer = 0

document.addEventListener("pointerover", (event) => {
  if (event.pointerType === "touch") return
  if (inside(event.target)) return clearTimeout(closeTimer)
  const link = linkOf(event.target)
  if (!link || link.contains(event.relatedTarget)) return
  clearTimeout(openTimer)
  openTimer = setTimeout(() => show(link), OPEN_DELAY)
})

document.addEventListener("pointerout", (event) => {
  if (event.pointerType === "touch") return
  const link = linkOf(event.target)
  if (link && !link.contains(event.relatedTarget)) {
    clearTimeout(openTimer)
    if (wanted === link) wanted = null
  }
  if (inside(event.target) && !inside(event.relatedTarget)) {
    clearTimeout(closeTimer)
    closeTimer = setTimeout(close, CLOSE_DELAY)
  }
})

/* Keyboard: focus opens it (not a click's focus), focus leaving link and preview closes it */
document.addEventListener("focusin", (event) => {
  const link = linkOf(event.target)
  if (link && link.matches(":focus-visible")) show(link)
})

document.addEventListener("focusout", (event) => {
  if (wanted === event.target) wanted = null
  if (!inside(event.target) || inside(event.relatedTarget)) return
  if (!current.link.matches(":hover") && !current.tip.matches(":hover")) close()
})

document.addEventListener("keydown", (event) => {
  if (!current) return
  const { link, tip } = current
  if (event.key === "Escape") {
    if (tip.contains(document.activeElement)) link.focus()
    close()
  } else if (event.key === "Tab" && event.target === link && !event.shiftKey && tip.tabIndex === 0) {
    event.preventDefault()
    tip.focus()
  } else if (event.key === "Tab" && tip.contains(event.target)) {
    if (event.shiftKey) event.preventDefault() /* back on the link; Tab goes on from there */
    link.focus()
  }
})

/* Touch: a finger held on a link opens it; a tap elsewhere closes it */
let press = null /* { link, x, y, timer, shown } */

function pressed() {
  clearTimeout(press.timer)
  press.shown = true
  show(press.link)
}

document.addEventListener("pointerdown", (event) => {
  if (current && !inside(event.target)) close()
  if (press) clearTimeout(press.timer)
  const link = event.pointerType === "touch" ? linkOf(event.target) : null
  press = link && { link, x: event.clientX, y: event.clientY, shown: false, timer: setTimeout(pressed, LONG_PRESS) }
})

/* A finger that moves is scrolling; one lifted early was a tap */
document.addEventListener("pointermove", (event) => {
  if (press && !press.shown && Math.hypot(event.clientX - press.x, event.clientY - press.y) > 10) {
    clearTimeout(press.timer)
    press = null
  }
})
for (const type of ["pointerup", "pointercancel"]) {
  document.addEventListener(type, () => press && clearTimeout(press.timer))
}

/* The browser's own long-press menu: the preview instead */
document.addEventListener("contextmenu", (event) => {
  if (!press || !press.link.contains(event.target)) return
  event.preventDefault()
  if (!press.shown) pressed()
})

/* Capturing, before Material's instant navigation sees it: the click that ends a long-press
   does not follow the link; any other click on the link does, and closes its preview */
window.addEventListener("click", (event) => {
  if (press?.shown && press.link.contains(event.target)) {
    event.preventDefault()
    event.stopPropagation()
  } else if (current?.link.contains(event.target)) {
    close()
  }
}, true)

document$.subscribe(close)
