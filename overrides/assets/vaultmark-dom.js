/*
 * What the site's ES modules share: where the site lives, and building DOM elements.
 * Imported by vaultmark-study.js, vaultmark-graph.js and vaultmark-preview.js (no globals).
 */

/* The site's root URL, from Material's configuration: it works under any sub-path */
export function siteRoot() {
  const config = JSON.parse(document.getElementById("__config").textContent)
  return new URL(config.base.replace(/\/?$/, "/"), location.href)
}

/* An element with attributes (`text` sets its text, `onclick` a listener) and children */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick") node.addEventListener("click", value)
    else if (name === "text") node.textContent = value
    else node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}
