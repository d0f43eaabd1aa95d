// The URL fragment a calculator's answer is shared by:
// "#protocol=a&stage=b&start=c[&EVENT=date...][&urgent=1|0]".

/** Fragment keys that are not the date of an event. */
const FRAGMENT_KEYS = ["protocol", "stage", "start", "urgent"];

/**
 * The fragment as {protocol, stage, start, urgent: true|false|null,
 * dates: {EVENT: date}}, or null when it names no protocol.
 */
export function readFragment(hash) {
  const text = (hash || "").replace(/^#/, "");
  if (!/(^|&)protocol=/.test(text)) return null;
  const params = new URLSearchParams(text);
  const said = (params.get("urgent") || "").toLowerCase();
  const dates = {};
  for (const [key, value] of params) {
    if (!FRAGMENT_KEYS.includes(key) && key) dates[key] = value;
  }
  return {
    protocol: params.get("protocol") || "",
    stage: params.get("stage") || "",
    start: params.get("start") || "",
    urgent: ["1", "yes", "true"].includes(said) ? true : ["0", "no", "false"].includes(said) ? false : null,
    dates,
  };
}

/** The fragment for a question, the inverse of readFragment. */
export function writeFragment({ protocol, stage, start, urgent = null, dates = {} }) {
  const params = new URLSearchParams();
  params.set("protocol", protocol);
  params.set("stage", stage);
  if (start) params.set("start", start);
  for (const [event, iso] of Object.entries(dates || {})) {
    if (iso && !FRAGMENT_KEYS.includes(event)) params.set(event, iso);
  }
  if (urgent === true) params.set("urgent", "1");
  else if (urgent === false) params.set("urgent", "0");
  return `#${params.toString()}`;
}
