// The deadlines of a calculator's answer as page elements: each deadline with
// its date, where it stands against today and how it is counted, the ones due
// now in the source's words, and the later stages' timeline. Every date and
// day name is the engine's text (`answer.words`); nothing is formatted here.

import { capitalise, el, handbookNote, quotes } from "./dom.js";

/** A date as the engine writes it, in a <time datetime> element. */
export function timeEl(words, iso, text = words.dates[iso]) {
  return el("time", { datetime: iso }, text);
}

/** A relative date ("in 3 working days", "today", "passed 16 working days ago"), marked by status. */
function relativeTag(relative) {
  if (!relative) return null;
  const status = relative.status;
  return el("span", { class: `calc-rel calc-rel-${status}`, "data-status": status },
    status === "passed" ? el("strong", {}, capitalise(relative.text)) : capitalise(relative.text));
}

/** The engine's sentences for one deadline of the stage `stage` (`answer.words.deadlines`). */
function said(words, stage, deadline) {
  return words.deadlines[`${stage}/${deadline.timescale}`];
}

/** One computed date: the date, where it stands against today, and what it lands on. */
function dueLine(words, due, relative, { wording = null, earlier = false, landsOn = null } = {}) {
  return el("p", { class: "calc-due" },
    el("strong", {}, timeEl(words, due)),
    wording ? ` (${wording})` : null,
    earlier ? [" ", el("span", { class: "calc-tag" }, words.said.earlier)] : null,
    relative ? " " : null, relativeTag(relative),
    landsOn ? el("span", { class: "calc-lands" }, " ", words.lands_on[landsOn.name]) : null);
}

/** The procedure's timescale in its words, how it is counted, and the days skipped. */
function timescaleLine(text) {
  return el("p", { class: "calc-wording" }, text.procedure, text.skips ? [" ", text.skips] : null);
}

/** One deadline with a date (or needing one); `conflictShown` keeps each conflict to its first deadline. */
export function renderDeadline(answer, deadline, { conflictShown }) {
  const words = answer.words;
  const text = said(words, answer.stage.id, deadline);
  const item = el("li", { class: "calc-deadline", "data-deadline": deadline.timescale,
    "data-status": deadline.relative ? deadline.relative.status : (deadline.due ? "" : "undated") });
  if (deadline.condition) item.append(conditionLine(deadline.condition));
  item.append(el("p", { class: "calc-action" }, deadline.action));
  const readings = (deadline.readings || []).filter((r) => r.due);
  const distinct = new Set(readings.map((r) => r.due));
  if (readings.length > 1 && distinct.size > 1) {
    for (const reading of readings) {
      item.append(dueLine(words, reading.due, reading.relative,
        { wording: reading.label || reading.wording, earlier: reading.earlier, landsOn: reading.lands_on }));
    }
  } else if (deadline.due) {
    const earlier = Boolean(deadline.conflict && deadline.conflict.earlier);
    item.append(dueLine(words, deadline.due, deadline.relative,
      { wording: text.same_date, earlier, landsOn: deadline.lands_on }));
  } else {
    item.append(el("p", { class: "calc-due calc-due-none" }, el("strong", {}, words.said.no_date),
      ": ", text.needs, text.give_it ? [" ", text.give_it] : null));
  }
  if (text.counted_from) item.append(el("p", { class: "calc-from" }, text.counted_from));
  if (deadline.within) item.append(timescaleLine(text));
  if (deadline.conflict && !conflictShown.has(deadline.conflict.text)) {
    conflictShown.add(deadline.conflict.text);
    item.append(el("p", { class: "calc-conflict" }, el("strong", {}, "Two timescales in the source: "),
      deadline.conflict.text));
  }
  if (deadline.note) item.append(handbookNote(deadline.note));
  if (text.repeats) item.append(el("p", { class: "calc-note" }, text.repeats));
  item.append(quotes(deadline.quote) || "");
  return item;
}

/** The engine's words for when an action applies, in front of it. */
function conditionLine(text) {
  return el("p", { class: "calc-applies" }, el("strong", {}, text));
}

/** A deadline in words, no date: due now, or only where its condition holds. */
export function renderWordsOnly(deadline) {
  return el("li", { class: "calc-now-item", "data-deadline": deadline.timescale, "data-status": deadline.status },
    deadline.condition ? conditionLine(deadline.condition) : null,
    el("p", {}, el("strong", {}, capitalise(deadline.in_words_text || deadline.wording)), ` — ${deadline.action}.`),
    deadline.note ? handbookNote(deadline.note) : null,
    quotes(deadline.quote));
}

/** When one deadline of a later stage falls, as the timeline says it. */
function timelineWhen(words, d, when) {
  if (when.text !== null) return when.text;
  const readings = (d.readings || []).filter((r) => r.due);
  const dated = when.tags.length > 1 ? readings : [d];
  // Each date with its own badge beside it.
  return dated.map((r, i) => [i ? " or " : "", timeEl(words, r.due), when.tags[i],
    r.relative ? [" ", relativeTag(r.relative)] : null]);
}

/** One deadline of a later stage, on one line. */
function timelineRow(words, stage, d) {
  const text = said(words, stage, d);
  return el("li", { "data-deadline": d.timescale, "data-status": d.status },
    timelineWhen(words, d, text.timeline_when), text.timeline_row);
}

/** The later stages, each with when it begins and its deadlines. */
export function renderTimeline(answer) {
  const words = answer.words;
  const timeline = el("ol", { class: "calc-timeline" });
  for (const entry of answer.timeline) {
    const begins = entry.start
      ? [` — ${words.said.begins} `, timeEl(words, entry.start), words.begins[entry.stage.id]]
      : null;
    const item = el("li", { "data-stage": entry.stage.id },
      el("p", { class: "calc-timeline-stage" }, el("strong", {}, `${entry.stage.label}: ${entry.stage.title}`), begins));
    const rows = entry.deadlines.map((d) => timelineRow(words, entry.stage.id, d));
    if (rows.length) item.append(el("ul", { class: "calc-list" }, rows));
    else item.append(el("p", { class: "calc-note" }, words.said.no_timescale));
    if (entry.note) item.append(handbookNote(entry.note));
    timeline.append(item);
  }
  return timeline;
}
