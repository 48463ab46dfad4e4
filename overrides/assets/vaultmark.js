// Study cards: every answer is a collapsed <details class="vm-answer">.
// This script opens the card a URL points at, reveals the words a search result was
// chosen for (opening what hides them, scrolling to the first), adds "show all / hide
// all" controls, and prints every answer.

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

// The elements a URL's target stands for: its card; a notebook question and the answer
// card in a later cell; or a heading and what follows it up to the next heading of the
// same or a higher level. The whole article when there is no target.
function vmTargetScope(target) {
  const article = document.querySelector("article.md-content__inner");
  if (!target) return article ? [article] : [];
  const card = target.closest(".vm-card");
  if (card) return [card];
  const scope = [target];
  const answer = document.getElementById(target.dataset.answer || "");
  if (answer) scope.push(answer);
  const level = /^H([1-6])$/.exec(target.tagName);
  if (!level) return scope;
  for (let next = target.nextElementSibling; next; next = next.nextElementSibling) {
    const other = /^H([1-6])$/.exec(next.tagName);
    if (other && other[1] <= level[1]) break;
    scope.push(next);
  }
  return scope;
}

// A search result's link names the card or section (`#id`) and the words found there
// (`?h=`). Every answer, folded callout or <details> there holding one of the words
// opens before Material's highlighter runs (it marks only visible text); the first
// marked word is then scrolled into view.
function vmRevealSearchMatch() {
  const query = new URL(location.href).searchParams.get("h");
  if (!query) return;
  const words = query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  const id = decodeURIComponent(location.hash.slice(1));
  const scope = vmTargetScope(id ? document.getElementById(id) : null);
  for (const root of scope) {
    for (const details of [root, ...root.querySelectorAll("details")]) {
      if (details.tagName !== "DETAILS") continue;
      const text = details.textContent.toLowerCase();
      if (words.some((word) => text.includes(word))) vmOpenAncestors(details);
    }
  }
  vmScrollToFirstMark(scope);
}

// Material highlights after its search index has loaded: wait for its first mark in
// the scope (at most two seconds), then bring it into view, clear of the sticky header.
function vmScrollToFirstMark(scope) {
  const article = document.querySelector("article.md-content__inner");
  if (!article || !scope.length) return;
  const firstMark = () => {
    for (const root of scope) {
      const mark = root.querySelector("mark[data-md-highlight]");
      if (mark) return mark;
    }
    return null;
  };
  const reveal = (mark) => {
    const box = mark.getBoundingClientRect();
    const header = document.querySelector(".md-header");
    const top = header ? header.getBoundingClientRect().bottom : 0;
    if (box.top < top || box.bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
  };
  const found = firstMark();
  if (found) return reveal(found);
  const observer = new MutationObserver(() => {
    const mark = firstMark();
    if (!mark) return;
    observer.disconnect();
    reveal(mark);
  });
  observer.observe(article, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 2000);
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
  vmRevealSearchMatch();
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
