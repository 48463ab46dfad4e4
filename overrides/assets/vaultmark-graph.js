/*
 * The graph view: under each note its neighbourhood (notes one or two links away), on the
 * Graph page the whole vault. An ES module (no globals, no library), run on every page
 * Material shows (document$).
 *
 * The build writes graph.json at the site root: `categories`, `nodes` ({title, url from the
 * site root, category index or -1}) and `edges` (unique pairs of node indexes). It is fetched
 * once per page load, and only when a graph opens: a note's graph starts closed. Markers, in
 * the article: .vm-graph[data-graph-page="<the page's url>"], .vm-graph[data-graph-full].
 *
 * The layout is a force simulation after d3-force's model (link springs, many-body repulsion
 * through a Barnes–Hut quadtree, a weak pull to the centre, velocity decay, alpha cooling),
 * started from a phyllotaxis spiral so it settles fast, drawn on a canvas in a few batched
 * paths. The frame loop stops once the layout has cooled: a graph at rest costs nothing.
 *
 * For tests and the benchmark each container carries data-state (loading, ready, error),
 * data-nodes and data-edges (what it shows), data-focused (the keyboard's note) and a
 * `vmGraph` property: nodes() gives each node's url, title and centre in client pixels,
 * stats() the frames drawn, the ticks and whether the layout moves. The page gets the
 * performance mark "vm-graph-drawn" when a graph's first frame is drawn.
 */
import { element, siteRoot } from "./vaultmark-dom.js"

/* Category colours, each at least 3:1 against Material's white and its slate background, so
   nodes read in both schemes; past twelve categories they repeat */
const PALETTE = ["#3d8fd1", "#e0662f", "#2e9e7a", "#c05a8a", "#8e7cc3", "#b8860b",
  "#e15759", "#59a14f", "#9c755f", "#4a9a9a", "#d37295", "#6b8e23"]
const NO_CATEGORY = "#7d8c9e"

/* The simulation: d3-force's defaults where it has them */
const LINK_DISTANCE = 30
const CHARGE = -30
const THETA2 = 0.81 /* Barnes–Hut: a cell this small for its distance acts as one body */
const GRAVITY = 0.04 /* a pull to the centre: keeps the parts of the graph together */
const LONE_GRAVITY = 0.5 /* a stronger one for notes without links, which nothing else holds near */
const VELOCITY_DECAY = 0.4
const ALPHA_MIN = 0.001
const ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 300) /* cools in 300 ticks */
const DRAG_ALPHA = 0.1 /* dragging a node reheats the layout this much: gently */
const MAX_DEPTH = 16 /* deeper than this, a quadtree cell's points count as one place */
const FRAME_BUDGET_MS = 10 /* ticks per frame while the layout is hot and nothing is dragged */
const ZOOM = { min: 0.05, max: 8, fit: 3, step: 1.25 }
const LABEL_ALL = 30 /* a graph this small shows every title; a larger one on hover and focus */

/* ------------------------------------------------------------------------- */
/* The site and its graph */

let graphData = null

function loadGraph() {
  graphData ||= fetch(new URL("graph.json", siteRoot()))
    .then((response) => {
      if (!response.ok) throw new Error(`graph.json: ${response.status}`)
      return response.json()
    })
    .then(prepare)
    .catch((error) => {
      graphData = null /* a later opening tries again */
      throw error
    })
  return graphData
}

/* Degrees, and adjacency as compressed rows: node i's neighbours are neighbours[start[i]..start[i + 1]] */
function prepare(data) {
  const n = data.nodes.length
  const degree = new Int32Array(n), start = new Int32Array(n + 1)
  for (const [s, t] of data.edges) { degree[s]++; degree[t]++ }
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i]
  const fill = start.slice(0, n), neighbours = new Int32Array(start[n])
  for (const [s, t] of data.edges) { neighbours[fill[s]++] = t; neighbours[fill[t]++] = s }
  const byHref = new Map(data.nodes.map((node, i) => [new URL(node.url, siteRoot()).href, i]))
  return { ...data, degree, start, neighbours, byHref }
}

function adjacent(graph, i) {
  return graph.neighbours.subarray(graph.start[i], graph.start[i + 1])
}

/* The nodes within `hops` links of `center` (it first), each with its distance */
function neighbourhood(graph, center, hops) {
  const layers = new Map([[center, 0]])
  for (let hop = 1, frontier = [center]; hop <= hops; hop++) {
    const next = []
    for (const i of frontier) for (const j of adjacent(graph, i)) if (!layers.has(j)) { layers.set(j, hop); next.push(j) }
    frontier = next
  }
  return subgraph(graph, [...layers.keys()], [...layers.values()])
}

/* Some nodes (local index → node index) and every edge between two of them, in local indexes */
function subgraph(graph, ids, layers = null) {
  const local = new Map(ids.map((id, i) => [id, i]))
  const edges = graph.edges.filter(([s, t]) => local.has(s) && local.has(t))
  return { ids, local, layers, edges: Int32Array.from(edges.flat(), (id) => local.get(id)) }
}

function colour(category) {
  return category < 0 ? NO_CATEGORY : PALETTE[category % PALETTE.length]
}

/* ------------------------------------------------------------------------- */
/* The layout: positions and velocities in typed arrays, a tick at a time */

class Layout {
  constructor(n, edges, anchor) {
    Object.assign(this, { n, edges, alpha: 1, alphaTarget: 0, fixed: new Uint8Array(n) })
    for (const name of ["x", "y", "vx", "vy", "fx", "fy"]) this[name] = new Float64Array(n)
    /* Springs as d3-force makes them: weaker at busy nodes, which move less */
    const count = new Int32Array(n), m = edges.length / 2
    for (const i of edges) count[i]++
    this.strength = new Float64Array(m)
    this.bias = new Float64Array(m)
    for (let e = 0; e < m; e++) {
      const s = count[edges[2 * e]], t = count[edges[2 * e + 1]]
      this.strength[e] = 1 / Math.min(s, t)
      this.bias[e] = s / (s + t)
    }
    this.gravity = Float64Array.from(count, (links) => (links ? GRAVITY : LONE_GRAVITY))
    this.spiral(count)
    if (anchor >= 0) this.fix(anchor, 0, 0)
  }

  /* A phyllotaxis spiral, filled breadth first from the busiest node: linked notes start
     near each other, so the springs have little to undo */
  spiral(count) {
    const { n, edges } = this, links = Array.from({ length: n }, () => [])
    for (let k = 0; k < edges.length; k += 2) { links[edges[k]].push(edges[k + 1]); links[edges[k + 1]].push(edges[k]) }
    const placed = new Uint8Array(n), queue = []
    for (const first of [...links.keys()].sort((a, b) => count[b] - count[a])) {
      if (placed[first]) continue
      placed[first] = 1
      queue.push(first)
      for (let head = queue.length - 1; head < queue.length; head++) {
        const i = queue[head], radius = 10 * Math.sqrt(0.5 + head), angle = head * Math.PI * (3 - Math.sqrt(5))
        this.x[i] = radius * Math.cos(angle)
        this.y[i] = radius * Math.sin(angle)
        for (const j of links[i]) if (!placed[j]) { placed[j] = 1; queue.push(j) }
      }
    }
  }

  /* Moving: not yet cooled, or being reheated by a drag */
  get hot() {
    return this.alpha >= ALPHA_MIN || this.alphaTarget > 0
  }

  fix(i, x, y) {
    this.fixed[i] = 1
    this.fx[i] = x
    this.fy[i] = y
  }

  tick() {
    this.alpha += (this.alphaTarget - this.alpha) * ALPHA_DECAY
    const { n, x, y, vx, vy, fixed, alpha, gravity } = this, keep = 1 - VELOCITY_DECAY
    this.springs(alpha)
    this.repel(alpha)
    for (let i = 0; i < n; i++) {
      if (fixed[i]) { x[i] = this.fx[i]; y[i] = this.fy[i]; vx[i] = vy[i] = 0; continue }
      x[i] += vx[i] = (vx[i] - x[i] * gravity[i] * alpha) * keep
      y[i] += vy[i] = (vy[i] - y[i] * gravity[i] * alpha) * keep
    }
  }

  /* Each link pulls (or pushes) its ends towards LINK_DISTANCE */
  springs(alpha) {
    const { edges, x, y, vx, vy, strength, bias } = this
    for (let e = 0; e < strength.length; e++) {
      const s = edges[2 * e], t = edges[2 * e + 1]
      let dx = x[t] + vx[t] - x[s] - vx[s] || jiggle(), dy = y[t] + vy[t] - y[s] - vy[s] || jiggle()
      const length = Math.sqrt(dx * dx + dy * dy), f = (length - LINK_DISTANCE) / length * alpha * strength[e]
      dx *= f; dy *= f
      vx[t] -= dx * bias[e]; vy[t] -= dy * bias[e]
      vx[s] += dx * (1 - bias[e]); vy[s] += dy * (1 - bias[e])
    }
  }

  /* Every pair repels. A quadtree rebuilt each tick lets a far cell act as one body at its
     centre (Barnes–Hut), so a tick costs n log n instead of n² */
  repel(alpha) {
    const { n, x, y, vx, vy } = this
    if (!this.tree) {
      const cells = n * (MAX_DEPTH / 2 + 1) + 1 /* n leaves, and under n/2 split cells a level */
      this.tree = { order: Int32Array.from(x.keys()), stack: new Int32Array(4 * MAX_DEPTH + 8) }
      for (const name of ["cx", "cy", "size"]) this.tree[name] = new Float64Array(cells)
      for (const name of ["mass", "first", "next", "lo", "hi"]) this.tree[name] = new Int32Array(cells)
    }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i])
    }
    this.tree.cells = 0
    const root = this.cell(0, n, x0, y0, Math.max(x1 - x0, y1 - y0) || 1, 0)
    const { cx, cy, size, mass, first, next, lo, hi, order, stack } = this.tree, s = CHARGE * alpha
    for (let i = 0; i < n; i++) {
      let fx = 0, fy = 0, top = 0
      stack[top++] = root
      while (top) {
        const c = stack[--top]
        let dx = cx[c] - x[i], dy = cy[c] - y[i], l = dx * dx + dy * dy
        if (size[c] * size[c] / THETA2 < l) { /* far enough: the cell as one body */
          if (l < 1) l = Math.sqrt(l)
          fx += dx * mass[c] / l; fy += dy * mass[c] / l
        } else if (first[c] >= 0) {
          for (let child = first[c]; child >= 0; child = next[child]) stack[top++] = child
        } else {
          for (let k = lo[c]; k < hi[c]; k++) {
            const j = order[k]
            if (j === i) continue
            dx = x[j] - x[i] || jiggle(); dy = y[j] - y[i] || jiggle(); l = dx * dx + dy * dy
            if (l < 1) l = Math.sqrt(l)
            fx += dx / l; fy += dy / l
          }
        }
      }
      vx[i] += fx * s
      vy[i] += fy * s
    }
  }

  /* The cell of the square at (x0, y0) of side `size` that holds order[from..to): its index */
  cell(from, to, x0, y0, size, depth) {
    const tree = this.tree, { x, y } = this, order = tree.order, c = tree.cells++
    tree.size[c] = size
    tree.first[c] = tree.next[c] = -1
    let sx = 0, sy = 0
    if (to - from === 1 || depth === MAX_DEPTH) {
      for (let k = from; k < to; k++) { sx += x[order[k]]; sy += y[order[k]] }
      tree.lo[c] = from; tree.hi[c] = to
    } else { /* four quarters: split by y, then each half by x */
      const half = size / 2, middle = split(order, y, from, to, y0 + half)
      const bounds = [from, split(order, x, from, middle, x0 + half), middle, split(order, x, middle, to, x0 + half), to]
      for (let q = 0; q < 4; q++) {
        if (bounds[q] === bounds[q + 1]) continue
        const child = this.cell(bounds[q], bounds[q + 1], x0 + (q & 1) * half, y0 + (q >> 1) * half, half, depth + 1)
        tree.next[child] = tree.first[c]
        tree.first[c] = child
        sx += tree.cx[child] * tree.mass[child]; sy += tree.cy[child] * tree.mass[child]
      }
    }
    tree.mass[c] = to - from
    tree.cx[c] = sx / (to - from)
    tree.cy[c] = sy / (to - from)
    return c
  }
}

/* Partitions order[from..to) in place, the points whose coordinate is under `pivot` first
   (the order is kept from tick to tick, so it is mostly partitioned already) */
function split(order, coordinate, from, to, pivot) {
  let i = from, j = to - 1
  while (i <= j) {
    if (coordinate[order[i]] < pivot) i++
    else { const swap = order[i]; order[i] = order[j]; order[j--] = swap }
  }
  return i
}

/* Two notes at one place push apart in some direction */
function jiggle() {
  return (Math.random() - 0.5) * 1e-6
}

/* ------------------------------------------------------------------------- */
/* Small helpers */

function plural(count, word) {
  return `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true })

/* The reader's choices (a note's graph open or not, how far it reaches), kept between pages */
function prefs(change = null) {
  const key = `vaultmark-graph:${siteRoot().pathname}`
  let stored = {}
  try {
    stored = JSON.parse(localStorage.getItem(key) || "{}") || {}
    if (change) localStorage.setItem(key, JSON.stringify({ ...stored, ...change }))
  } catch { /* storage refused: the choice lasts for this page */ }
  return stored
}

/* ------------------------------------------------------------------------- */
/* A graph on a canvas: the frame loop, drawing, the pointer and the keyboard */

const views = new Set() /* the graphs of the page shown now, stopped when Material shows another */

class GraphView {
  /* `sub`: the part of the graph to show (subgraph()); `anchor`: the local index of the page's
     own note (-1: none); Escape moves the focus to `exit`; `wheel`: the wheel zooms */
  constructor(container, stage, status, graph, sub, { anchor = -1, exit = null, wheel = false } = {}) {
    const n = sub.ids.length
    Object.assign(this, { container, status, graph, sub, anchor, exit, wheel, k: 1, tx: 0, ty: 0, moved: false,
      hover: -1, focus: -1, press: null, pointers: new Map(), frames: 0, ticks: 0, request: 0, typed: "", typedAt: 0,
      layout: new Layout(n, sub.edges, anchor), calm: matchMedia("(prefers-reduced-motion: reduce)").matches })
    this.radius = Float64Array.from(sub.ids, (id) => 3 + Math.sqrt(graph.degree[id]))
    this.groups = new Map() /* category → its nodes, filled as one path */
    for (const [i, id] of sub.ids.entries()) {
      const category = graph.nodes[id].category
      if (!this.groups.has(category)) this.groups.set(category, [])
      this.groups.get(category).push(i)
    }
    /* The keyboard's order: by title, and on a note's graph the nearer notes first */
    this.keys = sub.ids.map((id) => graph.nodes[id].title.toLowerCase())
    this.order = [...sub.ids.keys()].sort((a, b) =>
      (sub.layers ? sub.layers[a] - sub.layers[b] : 0) || collator.compare(this.keys[a], this.keys[b]))
    this.rank = new Int32Array(n)
    this.order.forEach((i, rank) => { this.rank[i] = rank })
    this.summary = `${plural(n, "note")}, ${plural(sub.edges.length / 2, "link")}. ` +
      "Click a note to open it; drag a note or the background to move it."
    this.canvas = element("canvas", { class: "vm-graph__canvas", tabindex: "0", role: "application",
      "aria-roledescription": "graph", "aria-describedby": status.id,
      "aria-label": `Graph of ${plural(n, "note")}. Arrow keys or the first letters of a title move between ` +
        "notes, Enter opens the note, plus and minus zoom, Escape leaves the graph." })
    stage.replaceChildren(this.canvas)
    this.context = this.canvas.getContext("2d")
    for (const [type, handler] of [["pointerdown", this.down], ["pointermove", this.move], ["pointerup", this.up],
      ["pointercancel", this.up], ["pointerleave", () => this.hovered(-1)], ["wheel", this.zoomWheel],
      ["keydown", this.key], ["focus", this.schedule], ["blur", this.schedule]]) this.canvas.addEventListener(type, handler.bind(this))
    this.resizer = new ResizeObserver(() => this.resize())
    this.resizer.observe(this.canvas)
    /* Colours are Material's variables: read again when the reader switches the scheme */
    this.scheme = new MutationObserver(() => { this.ink = null; this.schedule() })
    this.scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] })
    Object.assign(container.dataset, { nodes: n, edges: sub.edges.length / 2, state: "loading" })
    delete container.dataset.focused
    status.textContent = this.summary
    views.add(this)
  }

  destroy() {
    this.destroyed = true
    cancelAnimationFrame(this.request)
    this.resizer.disconnect()
    this.scheme.disconnect()
    views.delete(this)
  }

  node(i) {
    return this.graph.nodes[this.sub.ids[i]]
  }

  describe(i) {
    const { title, category } = this.node(i), links = this.graph.degree[this.sub.ids[i]]
    return `${title} · ${category < 0 ? "no category" : this.graph.categories[category]} · ${plural(links, "link")}`
  }

  /* The frame loop: runs while the layout moves, or once after a change */
  schedule() {
    if (!this.request && !this.destroyed) this.request = requestAnimationFrame(() => this.frame())
  }

  frame() {
    this.request = 0
    const layout = this.layout, dragging = this.press?.moved && this.press.node >= 0
    if (layout.hot) { /* as many ticks as the frame has room for; one while dragging, to follow the pointer */
      const started = performance.now(), budget = this.calm ? 40 : FRAME_BUDGET_MS
      do { layout.tick(); this.ticks++ } while (!dragging && layout.hot && performance.now() - started < budget)
      if (!this.moved) this.fit()
      /* Reduced motion: the first frame, then the settled layout, nothing in between */
      if (this.calm && !dragging && layout.hot && this.frames) return this.schedule()
    }
    this.draw()
    if (this.frames++ === 0) {
      this.container.dataset.state = "ready"
      performance.mark("vm-graph-drawn")
    }
    if (layout.hot) this.schedule()
  }

  resize() {
    const box = this.canvas.getBoundingClientRect()
    Object.assign(this, { width: box.width, height: box.height, dpr: devicePixelRatio || 1 })
    this.canvas.width = Math.max(1, Math.round(box.width * this.dpr))
    this.canvas.height = Math.max(1, Math.round(box.height * this.dpr))
    if (!this.moved) this.fit()
    this.schedule()
  }

  /* ----- the view: screen = world × k + the canvas's centre + (tx, ty) */

  world(sx, sy) {
    return [(sx - this.width / 2 - this.tx) / this.k, (sy - this.height / 2 - this.ty) / this.k]
  }

  screen(i) {
    return [this.layout.x[i] * this.k + this.width / 2 + this.tx, this.layout.y[i] * this.k + this.height / 2 + this.ty]
  }

  fit() {
    const { x, y, n } = this.layout
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (let i = 0, r = this.radius[0]; i < n; r = this.radius[++i]) {
      x0 = Math.min(x0, x[i] - r); x1 = Math.max(x1, x[i] + r); y0 = Math.min(y0, y[i] - r); y1 = Math.max(y1, y[i] + r)
    }
    if (!n || !this.width) return
    this.k = Math.max(ZOOM.min, Math.min(ZOOM.fit, 0.92 * Math.min(this.width / (x1 - x0), this.height / (y1 - y0))))
    this.tx = -this.k * (x0 + x1) / 2
    this.ty = -this.k * (y0 + y1) / 2
  }

  /* The Fit button: fit now, and keep fitting while the layout moves */
  refit() {
    this.moved = false
    this.fit()
    this.schedule()
  }

  zoom(factor, sx = this.width / 2, sy = this.height / 2) {
    const [wx, wy] = this.world(sx, sy)
    this.k = Math.max(ZOOM.min, Math.min(ZOOM.max, this.k * factor))
    this.tx = sx - this.width / 2 - wx * this.k
    this.ty = sy - this.height / 2 - wy * this.k
    this.moved = true
    this.schedule()
  }

  /* The nearest node under a point of the canvas, or -1 */
  nodeAt(sx, sy) {
    const [wx, wy] = this.world(sx, sy), { x, y, n } = this.layout, least = 1.5 / this.k, slack = 4 / this.k
    let best = -1, nearest = Infinity
    for (let i = 0; i < n; i++) {
      const d = (x[i] - wx) ** 2 + (y[i] - wy) ** 2, r = Math.max(this.radius[i], least) + slack
      if (d < r * r && d < nearest) { best = i; nearest = d }
    }
    return best
  }

  positions() {
    const box = this.canvas.getBoundingClientRect()
    return this.sub.ids.map((id, i) => {
      const [x, y] = this.screen(i), { url, title } = this.graph.nodes[id]
      return { url, title, x: box.left + x, y: box.top + y }
    })
  }

  /* ----- drawing: one path for the links, one per category for the nodes */

  draw() {
    const { context: ctx, layout: { x, y, n, edges }, radius, k, dpr, width, height } = this
    if (!this.ink) {
      const style = getComputedStyle(this.container), css = (name) => style.getPropertyValue(`--md-${name}`).trim()
      this.ink = { fg: css("default-fg-color"), light: css("default-fg-color--light"), font: `12px ${style.fontFamily}`,
        links: css("default-fg-color--lighter"), bg: css("default-bg-color"), accent: css("accent-fg-color") }
    }
    const ink = this.ink, least = 1.5 / k /* however far out the view, a node stays visible */
    const focus = document.activeElement === this.canvas ? this.focus : -1, marked = this.hover >= 0 ? this.hover : focus
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.clearRect(0, 0, width, height)
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * (width / 2 + this.tx), dpr * (height / 2 + this.ty))
    const lines = (pairs, colour, lineWidth) => {
      ctx.beginPath()
      for (let e = 0; e < pairs.length; e += 2) { ctx.moveTo(x[pairs[e]], y[pairs[e]]); ctx.lineTo(x[pairs[e + 1]], y[pairs[e + 1]]) }
      ctx.lineWidth = lineWidth / k
      ctx.strokeStyle = colour
      ctx.stroke()
    }
    /* Links just under a device pixel wide: Skia draws those as hairlines, ten times faster than
       1 px strokes in software (7 against 60 frames a second for 11,000 links); a dense graph's fade */
    ctx.globalAlpha = Math.max(0.35, Math.min(1, Math.sqrt(1000 / edges.length)))
    lines(edges, ink.links, 0.95 / dpr)
    ctx.globalAlpha = 1
    if (marked >= 0) lines([...adjacent(this.graph, this.sub.ids[marked])].flatMap((id) =>
      this.sub.local.has(id) ? [marked, this.sub.local.get(id)] : []), ink.accent, 0.95 / dpr)
    for (const [category, members] of this.groups) {
      ctx.beginPath()
      for (const i of members) {
        const r = Math.max(radius[i], least)
        ctx.moveTo(x[i] + r, y[i])
        ctx.arc(x[i], y[i], r, 0, 2 * Math.PI)
      }
      ctx.fillStyle = colour(category)
      ctx.fill()
    }
    for (const [i, colour, lineWidth] of [[this.anchor, ink.accent, 3], [this.hover, ink.fg, 1.5], [focus, ink.fg, 2.5]]) {
      if (i < 0) continue
      ctx.beginPath()
      ctx.arc(x[i], y[i], Math.max(radius[i], least) + (lineWidth + 1) / k, 0, 2 * Math.PI)
      ctx.lineWidth = lineWidth / k
      ctx.strokeStyle = colour
      ctx.stroke()
    }
    /* Titles in screen pixels, on a halo of the background so they read over the links */
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    Object.assign(ctx, { font: ink.font, lineJoin: "round", lineWidth: 3, strokeStyle: ink.bg })
    for (const i of [...(n <= LABEL_ALL ? this.order : []), this.anchor, focus, this.hover]) {
      if (i < 0) continue
      const [sx, sy] = this.screen(i), text = this.node(i).title, gap = Math.max(radius[i] * k, 1.5) + 4
      const wide = ctx.measureText(text).width
      /* Right of the note, or left of it where that runs out; never past either edge */
      const side = sx + gap + wide > width ? sx - gap - wide : sx + gap
      const left = Math.max(2, Math.min(width - wide - 2, side))
      ctx.fillStyle = [this.hover, focus, this.anchor].includes(i) ? ink.fg : ink.light
      ctx.strokeText(text, left, sy + 4)
      ctx.fillText(text, left, sy + 4)
    }
  }

  /* ----- the pointer: a click opens a note, a drag moves it or the view, two pointers pinch */

  point(event) {
    const box = this.canvas.getBoundingClientRect()
    return { x: event.clientX - box.left, y: event.clientY - box.top }
  }

  down(event) {
    if (event.button > 0) return
    this.canvas.setPointerCapture(event.pointerId)
    const p = this.point(event)
    this.pointers.set(event.pointerId, p)
    if (this.pointers.size > 1) { /* a second finger: a pinch, not a drag */
      if (this.press?.moved) this.release(this.press.node)
      this.press = null
    } else this.press = { node: this.nodeAt(p.x, p.y), x: p.x, y: p.y, tx: this.tx, ty: this.ty, moved: false }
  }

  move(event) {
    const p = this.point(event), last = this.pointers.get(event.pointerId), press = this.press
    if (!last) return this.hovered(this.nodeAt(p.x, p.y))
    this.pointers.set(event.pointerId, p)
    if (this.pointers.size === 2) {
      const [other] = [...this.pointers].filter(([id]) => id !== event.pointerId).map(([, q]) => q)
      const before = Math.hypot(last.x - other.x, last.y - other.y)
      this.tx += (p.x - last.x) / 2
      this.ty += (p.y - last.y) / 2
      return this.zoom(before ? Math.hypot(p.x - other.x, p.y - other.y) / before : 1, (p.x + other.x) / 2, (p.y + other.y) / 2)
    }
    if (!press || (!press.moved && Math.hypot(p.x - press.x, p.y - press.y) < 4)) return
    press.moved = this.moved = true /* from now on the view stays put: no fitting under the reader's hand */
    if (press.node >= 0) {
      this.layout.fix(press.node, ...this.world(p.x, p.y))
      this.layout.alphaTarget = DRAG_ALPHA
    } else {
      this.tx = press.tx + p.x - press.x
      this.ty = press.ty + p.y - press.y
    }
    this.schedule()
  }

  up(event) {
    this.pointers.delete(event.pointerId)
    const press = this.press
    this.press = null
    if (press?.moved) this.release(press.node)
    else if (press?.node >= 0 && event.type === "pointerup") this.open(press.node)
  }

  /* A dropped note goes back to the layout; the page's own stays where it was put */
  release(node) {
    if (node >= 0 && node !== this.anchor) this.layout.fixed[node] = 0
    this.layout.alphaTarget = 0
    this.schedule()
  }

  hovered(i) {
    if (i === this.hover) return
    this.hover = i
    this.canvas.classList.toggle("vm-graph__canvas--over", i >= 0)
    this.status.textContent = i >= 0 ? this.describe(i) : this.focus >= 0 ? this.describe(this.focus) : this.summary
    this.schedule()
  }

  /* On a note's page the wheel scrolls the page; a pinch (or Ctrl and the wheel) zooms */
  zoomWheel(event) {
    if (!this.wheel && !event.ctrlKey) return
    event.preventDefault()
    const p = this.point(event)
    const speed = (event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002) * (event.ctrlKey ? 10 : 1)
    this.zoom(2 ** (-event.deltaY * speed), p.x, p.y)
  }

  /* Through a link, so that Material's instant navigation can take it */
  open(i) {
    const link = element("a", { href: new URL(this.node(i).url, siteRoot()).href, hidden: "" })
    this.container.append(link)
    link.click()
    link.remove()
  }

  /* ----- the keyboard: arrows through the notes in order, letters to a title, Enter opens */

  key(event) {
    const { order, rank } = this, n = order.length, at = this.focus
    if (event.altKey || event.ctrlKey || event.metaKey || !n) return
    const step = (by) => (at < 0 ? order[by > 0 ? 0 : n - 1] : order[(rank[at] + by + n) % n])
    const actions = { ArrowRight: () => step(1), ArrowDown: () => step(1), ArrowLeft: () => step(-1),
      ArrowUp: () => step(-1), Home: () => order[0], End: () => order[n - 1], Enter: () => at >= 0 && this.open(at),
      "+": () => this.zoom(ZOOM.step), "=": () => this.zoom(ZOOM.step), "-": () => this.zoom(1 / ZOOM.step),
      0: () => this.refit(), Escape: () => { this.focusOn(-1); this.exit?.focus() } }
    const action = actions[event.key] || (/^\S$/u.test(event.key) ? () => this.typeAhead(event.key) : null)
    if (!action) return
    if (actions[event.key]) this.typed = "" /* letters add up only when typed in a row */
    event.preventDefault()
    event.stopPropagation() /* letters go to the graph, not to Material's shortcuts (n, p, s, /) */
    const next = action()
    if (typeof next === "number" && next >= 0) this.focusOn(next)
  }

  /* The next note whose title starts with what was typed (letters within 0.8 s of each other add up), or -1 */
  typeAhead(letter) {
    const now = performance.now(), n = this.order.length
    this.typed = (now - this.typedAt < 800 ? this.typed : "") + letter.toLowerCase()
    this.typedAt = now
    const from = this.focus < 0 ? 0 : this.rank[this.focus] + (this.typed.length > 1 ? 0 : 1)
    for (let r = 0; r < n; r++) {
      const i = this.order[(from + r) % n]
      if (this.keys[i].startsWith(this.typed)) return i
    }
    return -1
  }

  focusOn(i) {
    this.focus = i
    if (i >= 0) {
      const [sx, sy] = this.screen(i)
      if (sx < 0 || sy < 0 || sx > this.width || sy > this.height) { /* off the canvas: bring it to the centre */
        this.tx -= sx - this.width / 2
        this.ty -= sy - this.height / 2
        this.moved = true
      }
      this.container.dataset.focused = this.node(i).url
    } else delete this.container.dataset.focused
    this.status.textContent = i >= 0 ? `${this.describe(i)}. Enter opens it.` : this.summary
    this.schedule()
  }
}

/* ------------------------------------------------------------------------- */
/* Where graphs show: under a note, closed until opened; on the Graph page, the whole vault */

let serial = 0

/* What every graph has: a toolbar with the zoom buttons, the canvas's stage, a status line */
function scaffold(container, view) {
  const id = `vm-graph-${++serial}`, tool = (label, onclick) =>
    element("button", { type: "button", class: "vm-graph__tool", onclick }, label)
  const parts = { id, stage: element("div", { class: "vm-graph__stage" }),
    status: element("p", { id: `${id}-status`, class: "vm-graph__status", "aria-live": "polite" }),
    toolbar: element("div", { class: "vm-graph__toolbar" },
      element("div", { class: "vm-graph__zoom", role: "group", "aria-label": "Zoom" },
        tool("Zoom in", () => view()?.zoom(ZOOM.step)), tool("Zoom out", () => view()?.zoom(1 / ZOOM.step)),
        tool("Fit", () => view()?.refit()))) }
  container.vmGraph = { nodes: () => view()?.positions() || [],
    stats: () => view() && { frames: view().frames, ticks: view().ticks, hot: view().layout.hot } }
  return parts
}

async function load(container, status) {
  container.dataset.state = "loading"
  status.textContent = "Loading the graph…"
  try {
    return await loadGraph()
  } catch (error) {
    console.warn("The graph could not be loaded", error)
    container.dataset.state = "error"
    status.textContent = "The graph could not be loaded."
    return null
  }
}

/* A note's neighbourhood, behind a toggle: nothing is fetched until the reader opens it */
function localGraph(container) {
  let view = null, graph = null, hops = prefs().hops === 2 ? 2 : 1
  const { id, stage, status, toolbar } = scaffold(container, () => view)
  const choice = element("fieldset", { class: "vm-graph__hops" }, element("legend", { text: "Notes up to" }),
    ...[1, 2].map((value) => {
      const input = element("input", { type: "radio", name: `${id}-hops`, value })
      input.checked = value === hops
      return element("label", {}, input, ` ${plural(value, "link")} away`)
    }))
  toolbar.prepend(choice)
  const toggle = element("button", { type: "button", class: "md-button vm-graph__toggle", "aria-expanded": "false",
    "aria-controls": id }, "Show graph")
  const panel = element("div", { id, class: "vm-graph__panel", hidden: "" }, toolbar, stage, status)
  container.replaceChildren(toggle, panel)
  const show = () => {
    const center = graph.byHref.get(new URL(container.dataset.graphPage, siteRoot()).href)
    view?.destroy()
    view = null
    if (center === undefined) {
      Object.assign(container.dataset, { nodes: 0, edges: 0, state: "ready" })
      status.textContent = "This page has no place in the graph."
    } else view = new GraphView(container, stage, status, graph, neighbourhood(graph, center, hops), { anchor: 0, exit: toggle })
  }
  const setOpen = async (open) => {
    toggle.setAttribute("aria-expanded", String(open))
    toggle.textContent = open ? "Hide graph" : "Show graph"
    panel.hidden = !open
    if (open) {
      graph = await load(container, status)
      if (graph && container.isConnected && !panel.hidden) show()
    } else {
      view?.destroy()
      view = null
      stage.replaceChildren()
      delete container.dataset.state
    }
  }
  toggle.addEventListener("click", () => {
    prefs({ open: panel.hidden })
    setOpen(panel.hidden)
  })
  choice.addEventListener("change", (event) => {
    hops = Number(event.target.value)
    prefs({ hops })
    if (view) show()
  })
  if (prefs().open) setOpen(true)
}

/* The whole vault, with a legend of its categories */
async function fullGraph(container) {
  let view = null
  const { stage, status, toolbar } = scaffold(container, () => view)
  const legend = element("ul", { class: "vm-graph__legend", "aria-label": "Categories" })
  container.replaceChildren(toolbar, legend, stage, status)
  const graph = await load(container, status)
  if (!graph || !container.isConnected) return
  const counts = new Map()
  for (const { category } of graph.nodes) counts.set(category, (counts.get(category) || 0) + 1)
  legend.replaceChildren(...[...counts.keys()].sort((a, b) => (a < 0) - (b < 0) || a - b).map((category) => {
    const swatch = element("span", { class: "vm-graph__swatch", "aria-hidden": "true" })
    swatch.style.setProperty("--vm-swatch", colour(category))
    return element("li", {}, swatch, category < 0 ? "No category" : graph.categories[category],
      element("span", { class: "vm-graph__count", text: ` ${counts.get(category).toLocaleString("en")}` }))
  }))
  view = new GraphView(container, stage, status, graph, subgraph(graph, [...graph.nodes.keys()]),
    { exit: toolbar.querySelector("button"), wheel: true })
}

/* ------------------------------------------------------------------------- */

function setUp() {
  for (const view of [...views]) view.destroy()
  for (const container of document.querySelectorAll("article .vm-graph")) {
    if (container.dataset.graphFull !== undefined) fullGraph(container)
    else if (container.dataset.graphPage !== undefined) localGraph(container)
  }
}

if (typeof document$ === "undefined") setUp()
else document$.subscribe(setUp)
