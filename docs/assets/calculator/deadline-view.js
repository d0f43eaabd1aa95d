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

/** One computed date: the date, where it stands against today, and what it lands on. */
function dueLine(words, due, relative, { wording = null, earlier = false, landsOn = null } = {}) {
  return el("p", { class: "calc-due" },
    el("strong", {}, timeEl(words, due)),
    wording ? ` (${wording})` : null,
    earlier ? [" ", el("span", { class: "calc-tag" }, "earlier")] : null,
    relative ? " " : null, relativeTag(relative),
    landsOn ? el("span", { class: "calc-lands" }, ` This is ${words.day_names[landsOn.name]}, not a working day.`) : null);
}

/** "Counted from Monday 21 December 2026, the day stage 1 began", with what the handbook assumed. */
function countedFrom(words, deadline, { noteFollows = false } = {}) {
  const cf = deadline.counted_from;
  if (!cf || !cf.date) return null;
  const parts = [`Counted from ${words.dates[cf.date]}, ${cf.label}`];
  if (cf.projected) parts.push(", if each stage before it runs to its limit");
  if (cf.reading_text && !noteFollows) parts.push(`. ${capitalise(cf.reading_text)}`);
  return el("p", { class: "calc-from" }, `${parts.join("")}.`);
}

/** The procedure's timescale in its words, how it is counted, and the days skipped. */
function timescaleLine(words, deadline) {
  const skipped = deadline.skipped && deadline.skipped.length
    ? ` Skips ${deadline.skipped.map((s) => `${words.short_dates[s.date]} (${s.name})`).join(", ")}.` : "";
  return el("p", { class: "calc-wording" },
    `The procedure: “${deadline.wording}”`, deadline.counting ? `, counted in ${deadline.counting}` : "", ".", skipped);
}

/** The form's question for an event, where the form asks it. */
function askedFor(answer, event) {
  if (!event) return null;
  const q = (answer.questions || []).find((x) => x.event === event);
  return q ? q.question : null;
}

/** One deadline with a date (or needing one); `conflictShown` keeps each conflict to its first deadline. */
export function renderDeadline(answer, deadline, { conflictShown }) {
  const words = answer.words;
  const item = el("li", { class: "calc-deadline", "data-deadline": deadline.timescale,
    "data-status": deadline.relative ? deadline.relative.status : (deadline.due ? "" : "undated") });
  item.append(el("p", { class: "calc-action" }, deadline.action));
  const readings = (deadline.readings || []).filter((r) => r.due);
  const distinct = new Set(readings.map((r) => r.due));
  if (readings.length > 1 && distinct.size > 1) {
    for (const reading of readings) {
      item.append(dueLine(words, reading.due, reading.relative,
        { wording: reading.label || reading.wording, earlier: reading.earlier, landsOn: reading.lands_on }));
    }
  } else if (deadline.due) {
    const wording = readings.length > 1 ? `${readings.map((r) => r.wording).join(" and ")} give the same date` : null;
    const earlier = Boolean(deadline.conflict && deadline.conflict.earlier);
    item.append(dueLine(words, deadline.due, deadline.relative, { wording, earlier, landsOn: deadline.lands_on }));
  } else {
    const asked = askedFor(answer, deadline.needs);
    item.append(el("p", { class: "calc-due calc-due-none" }, el("strong", {}, "No date yet"),
      `: it is counted from ${deadline.counted_from.label}, a date not given.`,
      asked ? ` Give it above (“${asked}”) to see the date.` : ""));
  }
  const noteFollows = Boolean(deadline.note) && deadline.counted_from && Boolean(deadline.counted_from.reading);
  item.append(countedFrom(words, deadline, { noteFollows }) || "");
  if (deadline.within) item.append(timescaleLine(words, deadline));
  if (deadline.conflict && !conflictShown.has(deadline.conflict.text)) {
    conflictShown.add(deadline.conflict.text);
    item.append(el("p", { class: "calc-conflict" }, el("strong", {}, "Two timescales in the source: "),
      deadline.conflict.text));
  }
  if (deadline.note) item.append(handbookNote(deadline.note));
  if (deadline.repeats) item.append(el("p", { class: "calc-note" }, `Repeats for ${deadline.repeats}.`));
  item.append(quotes(deadline.quote) || "");
  return item;
}

/** A deadline due now: the source's words, no date. */
export function renderWordsOnly(deadline) {
  return el("li", { class: "calc-now-item", "data-deadline": deadline.timescale },
    el("p", {}, el("strong", {}, capitalise(deadline.in_words_text || deadline.wording)), ` — ${deadline.action}.`),
    deadline.note ? handbookNote(deadline.note) : null,
    quotes(deadline.quote));
}

/** When one deadline of a later stage falls, as the timeline says it. */
function timelineWhen(words, d) {
  const readings = (d.readings || []).filter((r) => r.due);
  const distinct = new Set(readings.map((r) => r.due)).size > 1;
  const lands = (x) => (x.lands_on ? `, ${words.day_names[x.lands_on.name]}, not a working day` : "");
  if (distinct) {
    return readings.map((r, i) => [i ? " or " : "", timeEl(words, r.due),
      ` (${r.label || r.wording}${r.earlier ? ", earlier" : ""}${lands(r)})`]);
  }
  if (d.due) {
    const tags = [d.conflict && d.conflict.earlier ? "earlier" : "", lands(d).slice(2)].filter(Boolean);
    return [timeEl(words, d.due), tags.length ? ` (${tags.join(", ")})` : ""];
  }
  return d.within ? "No date yet" : capitalise(d.in_words_text || "");
}

/** One deadline of a later stage, on one line. */
function timelineRow(words, d) {
  const cf = d.counted_from || {};
  const from = d.due && cf.date
    ? `; counted from ${words.short_dates[cf.date]}, ${cf.label}${cf.projected ? " (projected)" : ""}`
      + (cf.reading_text ? `; ${cf.reading_text}` : "") : "";
  const needs = !d.due && d.within ? `; counted from ${d.counted_from.label}, a date not given` : "";
  return el("li", { "data-deadline": d.timescale }, timelineWhen(words, d), ` — ${d.action} (“${d.wording}”${from}${needs})`,
    d.relative ? [" ", relativeTag(d.relative)] : null);
}

/** The later stages, each with when it begins and its deadlines. */
export function renderTimeline(answer) {
  const words = answer.words;
  const timeline = el("ol", { class: "calc-timeline" });
  for (const entry of answer.timeline) {
    const begins = entry.start
      ? [" — begins ", timeEl(words, entry.start), entry.projected ? ", if the stage before runs to its limit" : " (the date you gave)"]
      : null;
    const item = el("li", { "data-stage": entry.stage.id },
      el("p", { class: "calc-timeline-stage" }, el("strong", {}, `${entry.stage.label}: ${entry.stage.title}`), begins));
    const rows = entry.deadlines.map((d) => timelineRow(words, d));
    if (rows.length) item.append(el("ul", { class: "calc-list" }, rows));
    else item.append(el("p", { class: "calc-note" }, "The procedure gives no timescale for this stage."));
    if (entry.note) item.append(handbookNote(entry.note));
    timeline.append(item);
  }
  return timeline;
}
