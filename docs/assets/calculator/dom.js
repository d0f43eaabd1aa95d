// Builds the calculator's page elements: a small `el()` for DOM nodes, and
// the few pieces every view of an answer uses (the source's quotes, the
// handbook's notes). Text goes in as text nodes, never as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

/** The source's own words, one click away. */
export function quotes(list, summary = "The procedure's words") {
  const items = (list || []).filter(Boolean);
  if (!items.length) return null;
  return el("details", { class: "calc-quote" },
    el("summary", {}, summary),
    items.map((q) => el("p", {}, el("q", {}, q))));
}

/** A note in the handbook's own words, marked as such. */
export function handbookNote(text, tag = "p") {
  return el(tag, { class: "calc-handbook-note" }, el("strong", {}, "Handbook's note: "), text);
}
