// MathJax 3 configuration for pymdownx.arithmatex (generic mode); loaded before MathJax itself.
// MathJax is served by this site (assets/mathjax), never from a CDN.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    // Formulas in headings are typeset in the table of contents and navigation too.
    processHtmlClass: "arithmatex|md-nav__link|md-ellipsis",
  },
};

// Material's instant navigation swaps page content without reloading, so typeset each new page.
// The first emission is the initial page load, which MathJax's own startup already typesets;
// typesetting it twice from locally served files blanked every glyph.
let vaultmarkFirstPage = true;
document$.subscribe(() => {
  if (vaultmarkFirstPage) {
    vaultmarkFirstPage = false;
    return;
  }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    // One typeset at a time, as MathJax advises: quick navigation must not start a typeset
    // while the previous page's (or the first page's) is still running.
    MathJax.startup.promise = MathJax.startup.promise
      .then(() => {
        MathJax.startup.output.clearCache();
        MathJax.typesetClear();
        MathJax.texReset();
        return MathJax.typesetPromise();
      })
      .catch((error) => console.warn("MathJax could not typeset this page", error));
  }
});
