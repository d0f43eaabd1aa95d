// The buttons under a calculator's answer: print it, copy its link (saying
// what the link holds), download its calendar file. While an answer is on
// screen the page prints it, from its button or from the browser's own Print
// (Ctrl+P); with none, the page prints as it is.

import { el } from "./dom.js";

/** The class on <html> that makes the page print the answer alone (calculator.css, handbook.css). */
const PRINTS_ANSWER = "calc-print-answer";

/** What the link holds, said beside the Copy link button ("stage" in the procedure's own word). */
const linkHolds = (word) => `The link holds no personal data: only the partnership, the ${word}, the dates you gave and, `
  + "where you answered it, whether the disagreement is urgent. It stays in this browser until you share it.";

/** From now on, printing the page prints the answer (true) or the page (false). */
export function printsAnswer(on) {
  document.documentElement.classList.toggle(PRINTS_ANSWER, on);
}

function printButton() {
  const print = el("button", { type: "button", class: "calc-button calc-button-secondary", "data-calc-print": true }, "Print this answer");
  print.addEventListener("click", () => window.print());
  return print;
}

/** Copy `address` to the clipboard; where the browser does not allow it, show it selected to copy by hand. */
async function copyLink(address, said, field) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
    await navigator.clipboard.writeText(address);
    field.hidden = true;
    said.textContent = "Link copied.";
  } catch {
    field.hidden = false;
    const input = field.querySelector("input");
    input.value = address;
    input.focus();
    input.select();
    said.textContent = "The link is selected in the box below: press Ctrl+C to copy it.";
  }
}

/** The Copy link button, the line saying what the link holds, and the box it falls back to. */
function copyLinkParts(address, id, word) {
  const holds = el("p", { class: "calc-hint calc-link-holds", id: `${id}-holds` }, linkHolds(word));
  const said = el("p", { class: "calc-link-said", role: "status", "data-calc-link-said": true });
  const field = el("div", { class: "calc-link-field", "data-calc-link-field": true, hidden: true },
    el("label", { class: "calc-label", for: `${id}-address` }, "Link to this answer"),
    el("input", { class: "calc-input calc-input-link", id: `${id}-address`, type: "text", readonly: true,
      spellcheck: "false", autocomplete: "off" }));
  const button = el("button", { type: "button", class: "calc-button calc-button-secondary", "data-calc-copy-link": true,
    "aria-describedby": holds.id }, "Copy link");
  button.addEventListener("click", () => copyLink(address, said, field));
  return { button, rest: [holds, said, field] };
}

/**
 * The buttons for an answer: print, copy link and, where `ics` (a calendar
 * file's object URL and name) is given, the calendar file. `id` makes the
 * ids of the parts unique on the page; `word` is the procedure's for a stage.
 */
export function answerActions({ address, id, word = "stage", ics = null }) {
  const copy = copyLinkParts(address, id, word);
  const buttons = el("div", { class: "calc-action-buttons" }, printButton(), copy.button,
    ics ? el("a", { class: "calc-button calc-button-secondary", href: ics.href, "data-calc-ics": true, download: ics.name },
      "Download calendar file (.ics)") : null);
  return el("div", { class: "calc-actions" }, buttons, ...copy.rest);
}
