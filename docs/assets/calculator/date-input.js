// One GOV.UK date input of the calculator's form (the day a stage began, or
// another event): its three fields, their check, and filling them in.

export const DATE_NAME = "The date this stage began";

/** The reader's own date (their computer's clock, local time) as YYYY-MM-DD. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Check the three date fields as GOV.UK's date-input pattern does. Returns
 * {iso} or {message, parts} where parts names the fields in error. `name`
 * is how the messages name the date; an optional date left blank is {iso: null}.
 */
function checkDate(dayText, monthText, yearText, { name = DATE_NAME, optional = false } = {}) {
  const raw = { day: dayText.trim(), month: monthText.trim(), year: yearText.trim() };
  const missing = Object.keys(raw).filter((k) => raw[k] === "");
  if (missing.length === 3) {
    if (optional) return { iso: null };
    return { message: `Enter ${name.charAt(0).toLowerCase()}${name.slice(1)}`, parts: ["day", "month", "year"] };
  }
  if (missing.length) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { message: `${name} must include a ${words}`, parts: missing };
  }
  const notNumbers = Object.keys(raw).filter((k) => !/^\d+$/.test(raw[k]));
  if (notNumbers.length) return { message: `${name} must be a real date`, parts: notNumbers };
  if (raw.year.length !== 4) return { message: "Year must include 4 numbers", parts: ["year"] };
  const day = Number(raw.day);
  const month = Number(raw.month);
  const year = Number(raw.year);
  if (month < 1 || month > 12) return { message: `${name} must be a real date`, parts: ["month"] };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return { message: `${name} must be a real date`, parts: ["day"] };
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { iso };
}

export class DateQuestion {
  constructor(group) {
    this.group = group;
    this.event = group.dataset.calcEvent;
    this.protocol = group.dataset.protocol || "";
    this.fieldset = group.querySelector("[data-calc-date]");
    this.legend = group.querySelector("[data-calc-legend]");
    this.legendCopy = group.querySelector("[data-calc-legend-copy]");
    this.hintText = group.querySelector("[data-calc-hint-text]");
    this.day = group.querySelector('[data-calc-part="day"]');
    this.month = group.querySelector('[data-calc-part="month"]');
    this.year = group.querySelector('[data-calc-part="year"]');
    this.today = group.querySelector("[data-calc-today]");
    this.hintId = this.fieldset.getAttribute("aria-describedby").split(" ")[0];
  }

  get name() { return this.fieldset.dataset.name || DATE_NAME; }

  get inputs() { return [this.day, this.month, this.year]; }

  setLegend(text) {
    this.legend.textContent = text;
    if (this.legendCopy) this.legendCopy.textContent = text;
  }

  /** The question's own hint, before its example (the day a stage began only). */
  setHint(text) {
    if (this.hintText) this.hintText.textContent = text || "";
  }

  check(optional) {
    return checkDate(this.day.value, this.month.value, this.year.value, { name: this.name, optional });
  }

  fill(iso) {
    const match = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(iso || "");
    if (match) {
      this.year.value = String(Number(match[1]));
      this.month.value = String(Number(match[2]));
      this.day.value = String(Number(match[3]));
    } else {
      this.year.value = this.month.value = this.day.value = "";
    }
  }
}
