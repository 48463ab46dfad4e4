// Study cards: every answer is a collapsed <details class="vm-answer">.
// This script opens the card a URL points at, opens answers that hold the words a
// search result was chosen for (Material only highlights visible text, so they must
// be open before its highlighter runs), adds "show all / hide all" controls, and
// prints every answer.

function vmOpenAncestors(element) {
  for (let node = element; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") node.open = true;
  }
}

function vmOpenTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  // A notebook question heading names its answer card, which sits in a later cell.
  const card = target.closest(".vm-card") || document.getElementById(target.dataset.answer || "");
  if (card) card.querySelectorAll("details.vm-answer").forEach((answer) => (answer.open = true));
  vmOpenAncestors(target);
}

function vmOpenSearchMatches() {
  const query = new URL(location.href).searchParams.get("h");
  if (!query) return;
  const terms = query.toLowerCase().split(/[\s\-]+/).filter((term) => term.length > 1);
  document.querySelectorAll("details.vm-answer").forEach((answer) => {
    const text = answer.textContent.toLowerCase();
    if (terms.some((term) => text.includes(term))) vmOpenAncestors(answer);
  });
}

function vmAddControls() {
  const answers = document.querySelectorAll("details.vm-answer");
  const content = document.querySelector("article.md-content__inner");
  if (!answers.length || !content || content.querySelector(".vm-controls")) return;
  const bar = document.createElement("div");
  bar.className = "vm-controls";
  const count = document.createElement("span");
  count.className = "vm-controls__count";
  count.textContent = answers.length === 1 ? "1 question" : `${answers.length} questions`;
  bar.append(count);
  for (const [label, open] of [["Show all answers", true], ["Hide all answers", false]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button vm-controls__button";
    button.textContent = label;
    button.addEventListener("click", () => answers.forEach((answer) => (answer.open = open)));
    bar.append(button);
  }
  const title = content.querySelector("h1");
  if (title) title.after(bar);
  else content.prepend(bar);
}

document$.subscribe(() => {
  vmAddControls();
  vmOpenTarget();
  vmOpenSearchMatches();
});
window.addEventListener("hashchange", vmOpenTarget);

// Printing shows every answer; the reader's open/closed state comes back afterwards.
let vmClosedBeforePrint = [];
window.addEventListener("beforeprint", () => {
  vmClosedBeforePrint = [...document.querySelectorAll("details:not([open])")];
  vmClosedBeforePrint.forEach((details) => (details.open = true));
});
window.addEventListener("afterprint", () => {
  vmClosedBeforePrint.forEach((details) => (details.open = false));
  vmClosedBeforePrint = [];
});

// Material's search dialog has no accessible name; screen readers announce it as "Search".
document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});
