// An iCalendar file (RFC 5545) of a calculator answer's deadlines, made in the
// browser: one all-day VEVENT per computed deadline, CRLF line endings, lines
// folded at 75 octets, a UID and a DTSTAMP on each event.

const encoder = new TextEncoder();
/** Escape a TEXT value (RFC 5545 section 3.3.11). */
function escapeText(value) {
  return String(value)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Fold a content line so no line is longer than 75 octets (section 3.1). */
function fold(line) {
  const parts = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function basicDate(iso) {
  return iso.replaceAll("-", "");
}

function nextDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + 1));
  return day.toISOString().slice(0, 10);
}

function stamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The calendar for one answer (the dictionary calculator.browser returns, with
 * the engine's `words` for the days a date lands on).
 * `pageUrl`, when given, goes into each event's description so the reader
 * can get back to the answer.
 */
export function calendarFor(answer, { now = new Date(), pageUrl = "" } = {}) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Escalation Handbook//Deadline calculator//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  const dtstamp = stamp(now);
  const stage = answer.stage || {};
  for (const deadline of answer.deadlines || []) {
    if (!deadline.due) continue;
    // Where the readings of a limit give different dates, each has its event.
    const readings = (deadline.readings || []).filter((r) => r.due);
    const dated = new Set(readings.map((r) => r.due)).size > 1
      ? readings.map((r, i) => ({ due: r.due, wording: r.wording, key: `${deadline.timescale}-${i + 1}`,
        earlier: r.earlier, skipped: r.skipped, lands_on: r.lands_on }))
      : [{ due: deadline.due, wording: null, key: deadline.timescale, earlier: false,
        skipped: deadline.skipped, lands_on: deadline.lands_on }];
    const from = deadline.counted_from || {};
    for (const one of dated) {
      const description = [
        `${answer.name}, ${stage.label}: ${stage.title}.`,
        `The procedure says: ${deadline.wording}.`,
        one.wording ? `This date reads it as ${one.wording}${one.earlier ? " (the earlier reading)" : ""}.` : "",
        ...(deadline.quote || []).map((q) => `“${q}”`),
        one.skipped && one.skipped.length
          ? `Skipped: ${one.skipped.map((s) => `${s.date} (${s.name})`).join(", ")}.`
          : "",
        one.lands_on ? `${one.lands_on.date} is ${answer.words.day_names[one.lands_on.name]}, not a working day.` : "",
        from.date ? `Counted from ${from.date} (${from.label}).` : "",
        pageUrl,
      ].filter(Boolean).join("\n");
      lines.push(
        "BEGIN:VEVENT",
        `UID:${answer.protocol}-${stage.id}-${one.key}-${from.date || answer.start}-${one.due}@escalation-handbook`,
        `DTSTAMP:${dtstamp}`,
        `DTSTART;VALUE=DATE:${basicDate(one.due)}`,
        `DTEND;VALUE=DATE:${basicDate(nextDay(one.due))}`,
        `SUMMARY:${escapeText(`${stage.label}: ${deadline.action}${one.wording ? ` (${one.wording})` : ""}`)}`,
        `DESCRIPTION:${escapeText(description)}`,
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
      );
    }
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
