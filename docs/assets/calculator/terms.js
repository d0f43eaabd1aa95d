// The partnership's glossary terms explained where they stand in an answer,
// as build/abbreviations.py explains them on the site's pages: an
// abbreviation in <abbr>, a term of art in a <span>, each with the engine's
// line as `title` and `data-gloss` (shown on focus by the stylesheet); the
// first place of each term in the Tab order, later ones focused by a tap.
// Text nodes are split and wrapped as nodes, never written as HTML.

/** Elements whose text is left as it is (build/abbreviations.py's list). */
const SKIPPED = new Set(["SCRIPT", "STYLE", "CODE", "PRE", "svg", "TEXTAREA", "SELECT", "OPTION", "TITLE",
  "ABBR", "DFN", "A", "BUTTON", "SUMMARY", "LABEL"]);

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whole words, longest first, so "SCB" is never found inside "LSCB". */
function pattern(terms) {
  const words = terms.map((t) => t.term).sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_.])(?:${words.join("|")})(?![\\p{L}\\p{N}_])`, "gu");
}

/** Left alone: inside a skipped element, an explanation, or what is hidden
 * from assistive technology (the printed header), where a Tab stop is a trap. */
function skipped(node, root) {
  for (let up = node.parentElement; up && up !== root; up = up.parentElement) {
    if (SKIPPED.has(up.tagName) || up.classList.contains("gloss") || up.getAttribute("aria-hidden") === "true") return true;
  }
  return false;
}

/** Inside a closed-by-default <details> (the procedure's words): its terms
 * take their Tab stop only where the answer has none shown before. */
function folded(node, root) {
  const details = node.parentElement && node.parentElement.closest("details");
  return Boolean(details && root.contains(details));
}

/** The text nodes to explain: those always shown first, then the folded ones. */
function textsOf(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const shown = [];
  const later = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skipped(node, root)) (folded(node, root) ? later : shown).push(node);
  }
  return [...shown, ...later];
}

function termElement(term, text, seen) {
  const node = document.createElement(term.abbreviation ? "abbr" : "span");
  node.className = "gloss";
  node.title = term.explanation;
  node.dataset.gloss = term.explanation;
  node.tabIndex = seen.has(term.term) ? -1 : 0;
  seen.add(term.term);
  node.textContent = text;
  return node;
}

/** Each of `terms` ({term, explanation, abbreviation}, the engine's) wrapped in `root`'s text. */
export function explainTerms(root, terms) {
  if (!terms || !terms.length) return;
  const byText = new Map(terms.map((t) => [t.term, t]));
  const found = pattern(terms);
  const seen = new Set();
  for (const node of textsOf(root)) {
    const text = node.data;
    const parts = [];
    let position = 0;
    for (const match of text.matchAll(found)) {
      parts.push(text.slice(position, match.index), termElement(byText.get(match[0]), match[0], seen));
      position = match.index + match[0].length;
    }
    if (!parts.length) continue;
    parts.push(text.slice(position));
    node.replaceWith(...parts.filter((p) => p !== ""));
  }
}
