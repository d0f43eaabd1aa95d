// A calculator's answer on the page: what to do at the stage, its deadlines,
// who is involved, where to go next, the later stages, and the buttons under
// it (answer-actions.js). It shows what the engine returns (the answer's data
// and its `words`); the only words of its own are the headings and labels.

import { capitalise, el, handbookNote, quotes } from "./dom.js";
import { answerActions, printsAnswer } from "./answer-actions.js";
import { renderDeadline, renderTimeline, renderWordsOnly } from "./deadline-view.js";
import { settled } from "./runtime-client.js";
import { explainTerms } from "./terms.js";

let icsModule = null;

/** The calendar-file module, loaded once; without it the answer still shows, only without the file. */
export function loadIcs() {
  if (!icsModule) icsModule = import("./ics.js").catch(() => ({ calendarFor: null }));
  return icsModule;
}

function section(role, title, ...children) {
  return el("section", { class: `calc-section calc-${role}`, "data-role": role }, el("h5", {}, title), ...children);
}

/** Contacts the partnership adds (its words, never the procedure's), each with
 * the engine's label saying so and when it was checked. Links only to a web
 * page, a telephone number or an email address. */
function renderAdded(added, said) {
  if (!added || !added.length) return null;
  return el("ul", { class: "calc-list calc-added", "aria-label": said.added_heading }, added.map((a) => {
    const details = [];
    if (a.phone && /^tel:\+?\d+$/.test(a.tel || "")) details.push(el("li", {}, "Phone: ", el("a", { href: a.tel }, a.phone)));
    if (a.email) details.push(el("li", {}, "Email: ", el("a", { href: `mailto:${a.email}` }, a.email)));
    if (a.url && /^https?:\/\//i.test(a.url)) details.push(el("li", {}, "Web page: ", el("a", { href: a.url }, a.url)));
    if (a.note) details.push(el("li", {}, a.note));
    return el("li", { class: "calc-added-contact", "data-role": a.role || "" },
      el("span", { class: "calc-added-name" }, a.name),
      details.length ? el("ul", { class: "calc-contact-details" }, details) : null,
      el("p", { class: "calc-note calc-added-label" }, a.label));
  }));
}

/** The contacts the partnership adds for the whole procedure, not for one role. */
function addedSection(answer) {
  const { said } = answer.words;
  const list = renderAdded(answer.added_contacts, said);
  return list ? section("added", said.added_heading, el("p", {}, `${said.added_general}:`), list) : null;
}

/** A person to contact, with every detail the source gives, and those the partnership adds. */
function renderPerson(person, said) {
  const details = [];
  if (person.phone) {
    details.push(el("li", {}, "Phone: ", el("a", { href: `tel:${person.phone.replace(/[^\d+]/g, "")}` }, person.phone)));
  }
  if (person.email) details.push(el("li", {}, "Email: ", el("a", { href: `mailto:${person.email}` }, person.email)));
  if (person.address && person.address.length) {
    details.push(el("li", {}, "Address: ", el("address", { class: "calc-address" }, person.address.join(", "))));
  }
  return el("li", { class: "calc-person", "data-role": person.role },
    el("span", { class: "calc-person-title" }, person.title),
    person.condition ? ` (${person.condition.charAt(0).toLowerCase()}${person.condition.slice(1)})` : "",
    details.length ? el("ul", { class: "calc-contact-details" }, details) : null,
    quotes(person.quote, "The procedure's words about this contact"),
    renderAdded(person.added, said));
}

function renderRoute(route, { condition, said }) {
  const people = route.contact_details && route.contact_details.length
    ? el("ul", { class: "calc-list calc-people" }, route.contact_details.map((p) => renderPerson(p, said)))
    : null;
  const where = el("p", {}, el("strong", {}, `${route.label}: ${route.title}`));
  if (condition) {
    const said = (route.quote || []).filter(Boolean);
    return el("li", { class: "calc-route", "data-route": route.id }, where,
      said.length ? el("blockquote", { class: "calc-condition" },
        el("p", { class: "calc-condition-label" }, "When, in the procedure's words:"),
        said.map((q) => el("p", {}, el("q", {}, q)))) : null,
      people ? [el("p", {}, "Who:"), people] : null);
  }
  return el("div", { class: "calc-route", "data-route": route.id }, where,
    people ? [el("p", {}, "Who to contact:"), people] : null, quotes(route.quote));
}

/** Where the partnership has more than one edition: the one the answer was
 * counted under, or each limit or route a later one changed, a line that
 * names both editions (the engine's lines). */
function editionNotes(answer) {
  if (!answer.edition) return null;
  const lines = answer.edition.changes.length ? answer.edition.changes.map((c) => c.text) : [answer.edition.text];
  return el("div", { class: "calc-edition", "data-role": "edition" }, ...lines.map((line) => handbookNote(line)));
}

/** Whatever the stage: the child-protection duties (the source's, else the handbook's note) and an overdue review. */
function always(answer) {
  const items = [];
  for (const duty of answer.child_protection || []) {
    items.push(el("li", { class: "calc-duty" },
      duty.in_words_text ? [el("strong", {}, capitalise(duty.in_words_text)), " — "] : null,
      duty.text, quotes(duty.quote)));
  }
  if (answer.child_protection_note) {
    items.push(handbookNote(answer.child_protection_note, "li"));
  }
  if (answer.words.review) {
    items.push(el("li", { class: "calc-review", "data-role": "review" },
      el("strong", {}, `${answer.words.said.review_passed}: `), answer.words.review));
  }
  return items.length ? section("always", `Whatever the ${answer.words.stage_word}`, el("ul", { class: "calc-list" }, items)) : null;
}

/** The procedure's next step: the route on, or every route where it branches. */
function nextStep(answer, next) {
  if (answer.next) {
    next.append(renderRoute(answer.next, { condition: false, said: answer.words.said }));
  } else if (answer.branches && answer.branches.length) {
    if (answer.route_note) next.append(handbookNote(answer.route_note));
    next.append(el("ul", { class: "calc-list calc-routes" }, answer.branches.map((b) => renderRoute(b, { condition: true, said: answer.words.said }))));
  } else {
    next.append(el("p", {}, answer.words.said.last_stage));
  }
  return next;
}

/** Where to go if the stage does not resolve it: first, under the engine's
 * sentence, when every limit of the stage has passed. */
function nextSection(answer) {
  if (answer.now && answer.now.limits_passed) {
    return nextStep(answer, section("next", "What comes next", el("p", { class: "calc-limits-passed" },
      el("strong", {}, answer.now.text))));
  }
  return nextStep(answer, section("next", `If this ${answer.words.stage_word} does not resolve it`));
}

/** What the source says happens once it is resolved, what to record, and the form. */
function afterSections(answer, formHref) {
  const result = [];
  const statements = (list) => el("ul", { class: "calc-list" },
    list.map((s) => el("li", {}, s.text, quotes(s.quote))));
  if (answer.if_resolved && answer.if_resolved.length) {
    result.push(section("if-resolved", `If it is resolved at this ${answer.words.stage_word}`, statements(answer.if_resolved)));
  }
  if (answer.after && answer.after.length) {
    result.push(section("after", "Once the disagreement is resolved", statements(answer.after)));
  }
  if ((answer.records && answer.records.length) || (answer.forms && answer.forms.length)) {
    const record = section("records", "What to record");
    if (answer.records.length) record.append(el("ul", { class: "calc-list" }, answer.records.map((r) => el("li", {}, r))));
    if (answer.forms.length) {
      record.append(el("p", {}, `Form${answer.forms.length > 1 ? "s" : ""} to use: `,
        answer.forms.map((f, i) => [i ? ", " : "", el("a", { href: formHref(answer.protocol, f.id), "data-form": f.id }, f.name)]),
        " (a page you can print)."));
    }
    result.push(record);
  }
  return result;
}

/** The handbook's own notes on this stage. */
function notesSection(answer) {
  const notes = [];
  if (answer.stage.note) notes.push(el("li", {}, answer.stage.note));
  for (const gap of answer.gaps || []) notes.push(el("li", {}, gap.text, quotes(gap.quote)));
  if (!notes.length) return null;
  return section("gaps", `The handbook's notes on this ${answer.words.stage_word}`,
    el("p", { class: "calc-note" }, "In the handbook's words, not the procedure's:"),
    el("ul", { class: "calc-list calc-handbook-notes" }, notes));
}

/** The stage's deadlines in the engine's order, grouped by their status:
 * overdue, due now, to come, and those that apply only where their condition holds. */
const GROUPS = [
  ["overdue", "Overdue", ["overdue"]],
  ["now", "Do now", ["today", "now"]],
  ["deadlines", "Deadlines", ["upcoming", "undated"]],
  ["conditional", "Only where it applies", ["conditional"]],
];

function deadlineSections(answer) {
  const conflictShown = new Set();
  const render = (d) => (d.within ? renderDeadline(answer, d, { conflictShown }) : renderWordsOnly(d));
  const result = [];
  for (const [role, title, statuses] of GROUPS) {
    const found = answer.deadlines.filter((d) => statuses.includes(d.status));
    if (found.length) {
      result.push(section(role, title, el("ul", { class: `calc-list calc-deadlines calc-${role}-list` }, found.map(render))));
    }
  }
  if (!answer.deadlines.length) {
    result.push(section("deadlines", "Deadlines", el("p", {}, answer.words.said.no_timescale)));
  }
  return result;
}

export class AnswerView {
  /** `form` gives the document's title and the way to the site root. */
  constructor(result, form) {
    this.result = result;
    this.form = form;
    this.objectUrl = null;
    this.markPrintPath();
  }

  /** Mark the answer's ancestors, so printing the answer can hide everything else with display:none. */
  markPrintPath() {
    this.result.classList.add("calc-print-target");
    for (let node = this.result.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      node.classList.add("calc-print-path");
    }
  }

  clear() {
    this.result.replaceChildren();
    printsAnswer(false);
  }

  /**
   * The form has changed since the answer: the answer goes (nothing out of
   * date stays on screen, in print or in the address) and a note says why.
   * Before any answer there is nothing to mark.
   */
  markOutOfDate({ button, cleared = false }) {
    if (!this.result.firstChild) return;
    const why = cleared ? `You chose another ${this.form.stageWord()}, so the dates given for the last one are cleared.`
      : "The form has changed since the answer was worked out.";
    this.clear();
    this.result.append(el("p", { class: "calc-stale", "data-calc-stale": true },
      el("strong", {}, "Answer removed: "), `${why} When the form is complete, press “${button}” for the answer.`));
  }

  /** Printed above the answer only. */
  printHeader(answer, { dated, address }) {
    const { stage, words } = answer;
    const today = answer.today ? words.dates[answer.today] : null;
    return el("div", { class: "calc-print-header", "aria-hidden": "true" },
      el("p", { class: "calc-print-title" }, `${answer.name}: what to do at ${stage.label}`),
      el("dl", {},
        el("dt", {}, "Partnership"), el("dd", {}, answer.name),
        el("dt", {}, "Document"), el("dd", {}, this.form.documentTitle() || "—"),
        el("dt", {}, capitalise(words.stage_word)), el("dd", {}, `${stage.label}: ${stage.title}`),
        dated ? [el("dt", {}, "Dates entered"), el("dd", {}, words.given.join("; ") || "—")] : null,
        words.urgent ? [el("dt", {}, "Urgent"), el("dd", {}, answer.urgent ? "Yes" : "No")] : null,
        el("dt", {}, "Printed on"), el("dd", {}, today || "—"),
        el("dt", {}, "Page"), el("dd", { class: "calc-print-url" }, address)));
  }

  /** The print and copy-link buttons, and the calendar file where a deadline has a date. */
  actions(answer, { calendarFor, address }) {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    let ics = null;
    if (answer.deadlines.some((d) => d.due) && calendarFor) {
      const text = calendarFor(answer, { pageUrl: address });
      this.objectUrl = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
      ics = { href: this.objectUrl, name: `${answer.protocol}-${answer.stage.id}-${answer.start}.ics` };
    }
    return answerActions({ address, id: `${this.result.id}-link`, word: answer.words.stage_word, ics });
  }

  render(answer, { calendarFor, dated, fragment }) {
    const { stage, words } = answer;
    const address = location.href.split("#")[0] + fragment;
    const result = [this.printHeader(answer, { dated, address })];
    result.push(el("h4", { class: "calc-result-title", tabindex: "-1", "data-calc-answer-title": true },
      `${stage.label}: ${stage.title}`));
    result.push(el("p", { class: "calc-result-start" }, `${answer.name}. `,
      dated && words.given.length ? `${words.given.join(". ")}. ` : "", words.urgent ? `${words.urgent} ` : "",
      words.today && dated ? words.today : ""));
    result.push(editionNotes(answer));
    for (const note of answer.date_notes || []) result.push(handbookNote(note));
    const limitsPassed = Boolean(answer.now && answer.now.limits_passed);
    result.push(always(answer), limitsPassed ? nextSection(answer) : null, ...deadlineSections(answer));
    if (answer.involved && answer.involved.length) {
      result.push(section("involved", `Who is involved at this ${words.stage_word}`,
        el("ul", { class: "calc-list calc-people" }, answer.involved.map((p) => renderPerson(p, answer.words.said)))));
    }
    result.push(addedSection(answer));
    result.push(limitsPassed ? null : nextSection(answer),
      ...afterSections(answer, (slug, id) => this.form.formHref(slug, id)));
    result.push(notesSection(answer));
    if (answer.timeline && answer.timeline.length) {
      result.push(section("timeline", `If it is not resolved: the later ${words.stage_word}s`,
        renderTimeline(answer), answer.timeline_note ? handbookNote(answer.timeline_note) : null));
    } else if (answer.timeline_note) {
      result.push(handbookNote(answer.timeline_note));
    }
    if (words.calendar && dated) result.push(el("p", { class: "calc-note calc-calendar" }, words.calendar));
    result.push(this.actions(answer, { calendarFor, address }));

    const shown = el("div", { class: "calc-answer", "data-role": "answer" }, ...result.filter(Boolean));
    explainTerms(shown, words.terms);
    this.result.replaceChildren(shown);
    printsAnswer(true);
    if (!performance.getEntriesByName("calculator-first-answer").length) {
      performance.mark("calculator-first-answer");
      settled();
    }
  }

  /** GOV.UK's pattern: move focus to the answer's heading, scrolled into view. */
  focus() {
    const heading = this.result.querySelector("[data-calc-answer-title]");
    if (!heading) return;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }
}
