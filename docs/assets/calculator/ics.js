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
 * The calendar for one answer (the dictionary calculator.browser returns):
 * one event for each of the engine's `words.calendar_events`, whose summary
 * and description are the engine's text. `pageUrl`, when given, goes into
 * each event's description so the reader can get back to the answer.
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
  for (const event of answer.words.calendar_events) {
    const description = [...event.description, pageUrl].filter(Boolean).join("\n");
    lines.push(
      "BEGIN:VEVENT",
      `UID:${answer.protocol}-${stage.id}-${event.key}-${event.from}-${event.due}@escalation-handbook`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${basicDate(event.due)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(event.due))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
