// The deadline calculator on the page: the form, the URL fragment and the
// answer. Only DOM work happens here; Python runs in a worker (worker.js),
// started when the reader reaches or touches the calculator, or at once when
// the URL carries a `#protocol=` fragment. Nothing is stored anywhere.
//
// The page loads this module deferred (a module script without `async`): it
// runs as soon as the page is parsed, before the theme's DOMContentLoaded
// work. (Measured in Chromium, an `async` module ran later: after that work
// and an animation frame, 40-80 ms later on a repeat visit.) So a
// `#protocol=` link starts the worker as early as the page allows.

import { manifest } from "./manifest.js";

// No limit on the whole start while bytes keep arriving: a slow network is
// not a failure. The calculator gives up only when nothing has arrived for
// STALL_SECONDS while files are still downloading, or when, with everything
// downloaded, Python has not started within STARTING_SECONDS.
const STALL_SECONDS = 20;
const STARTING_SECONDS = 60;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DATE_NAME = "The date this stage began";
/** Fragment keys that are not the date of an event. */
const FRAGMENT_KEYS = ["protocol", "stage", "start", "urgent"];

// ---------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
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

function parseIso(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return { y, m, d, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

function longDate(iso) {
  const { y, m, d, weekday } = parseIso(iso);
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "a Sunday", but "Christmas Day": how an answer names a non-working day. */
export function dayName(name) {
  return WEEKDAYS.includes(name) ? `a ${name}` : name;
}

function shortDate(iso) {
  const { y, m, d } = parseIso(iso);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function timeEl(iso, text = longDate(iso)) {
  return el("time", { datetime: iso }, text);
}

function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

/** The reader's own date (their computer's clock, local time) as YYYY-MM-DD. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The source's own words, one click away. */
function quotes(list, summary = "The procedure's words") {
  const items = (list || []).filter(Boolean);
  if (!items.length) return null;
  return el("details", { class: "calc-quote" },
    el("summary", {}, summary),
    items.map((q) => el("p", {}, el("q", {}, q))));
}

/** A note in the handbook's own words, marked as such. */
function handbookNote(text, tag = "p") {
  return el(tag, { class: "calc-handbook-note" }, el("strong", {}, "Handbook's note: "), text);
}

/**
 * "#protocol=a&stage=b&start=c[&EVENT=date...][&urgent=1|0]" as
 * {protocol, stage, start, urgent: true|false|null, dates: {EVENT: date}}, or null.
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

/**
 * Check the three date fields as GOV.UK's date-input pattern does. Returns
 * {iso} or {message, parts} where parts names the fields in error. `name`
 * is how the messages name the date; an optional date left blank is {iso: null}.
 */
export function checkDate(dayText, monthText, yearText, { name = DATE_NAME, optional = false } = {}) {
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

// ---------------------------------------------------------------- the worker

/**
 * The worker's start-up as User Timing measures, for the browser's
 * performance tools and tests/bench_browser.py: from the page starting the
 * calculator to the worker starting Pyodide, Pyodide's own start, and loading
 * the calculator's Python modules and data.
 */
function recordTimings(timings) {
  if (!timings || typeof performance.measure !== "function") return;
  const at = (epoch) => epoch - performance.timeOrigin;
  try {
    performance.measure("calculator: worker starting", { start: "calculator-start", end: at(timings.start) });
    performance.measure("calculator: Pyodide starting", { start: at(timings.start), end: at(timings.pyodide) });
    if (timings.snapshot) {
      performance.measure("calculator: snapshot read", { start: at(timings.start), end: at(timings.snapshot) });
    }
    performance.measure("calculator: Python modules loading", { start: at(timings.pyodide), end: at(timings.ready) });
  } catch (error) {
    // Measures are for diagnosis only; the calculator works without them.
  }
}

class Runtime {
  constructor() {
    this.worker = null;
    this.state = "idle";
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.info = null;
    this.sizes = (manifest.download && manifest.download.files) || {};
    this.total = Object.values(this.sizes).reduce((a, b) => a + b, 0);
    this.received = {};
  }

  on(listener) { this.listeners.add(listener); }

  emit(state, detail) {
    this.state = state;
    this.notify(state, detail);
  }

  /** Tell the listeners without changing the state (progress while starting). */
  notify(event, detail) {
    for (const listener of this.listeners) listener(event, detail);
  }

  /** Bytes received so far of the files a first visit downloads. */
  receivedBytes() {
    let sum = 0;
    for (const [file, size] of Object.entries(this.sizes)) sum += Math.min(this.received[file] || 0, size);
    return sum;
  }

  progress(file, received) {
    if (this.state !== "starting" || this.sizes[file] === undefined) return;
    this.received[file] = Math.max(this.received[file] || 0, received);
    this.watch();
    this.notify("progress", { received: this.receivedBytes(), total: this.total });
  }

  /** (Re)arm the stall timer: nothing arriving while downloading, or Python not starting once everything is in. */
  watch() {
    clearTimeout(this.timer);
    const downloaded = this.receivedBytes() >= this.total;
    const seconds = downloaded ? STARTING_SECONDS : STALL_SECONDS;
    this.timer = setTimeout(() => {
      if (downloaded) this.fail(`it had not started ${seconds} seconds after everything was downloaded`, "start");
      else this.fail(`the network stopped: nothing arrived for ${seconds} seconds`, "network");
    }, seconds * 1000);
  }

  /**
   * Give up: `kind` is "blocked" (this browser will not run it: no retry),
   * "network" or "start" (a retry may work).
   */
  fail(message, kind = "start") {
    if (this.state === "failed") return;
    settled();
    this.reason = message;
    this.failure = kind;
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    if (this.compiler) this.compiler.terminate();
    this.worker = null;
    this.compiler = null;
    for (const { resolve } of this.pending.values()) resolve({ error: null, failed: true });
    this.pending.clear();
    this.emit("failed", message);
  }

  /** Start again after a failure, without reloading the page. */
  retry() {
    if (this.state !== "failed") return;
    this.state = "idle";
    this.received = {};
    this.reason = null;
    this.failure = null;
    this.start();
  }

  start() {
    if (this.state !== "idle") return;
    if (!performance.getEntriesByName("calculator-start").length) performance.mark("calculator-start");
    this.emit("starting");
    this.notify("progress", { received: 0, total: this.total });
    if (typeof WebAssembly !== "object" || typeof WebAssembly.Module !== "function") {
      this.fail("WebAssembly is blocked here", "blocked");
      return;
    }
    try {
      // The smallest valid module: compiling it fails at once where a policy blocks WebAssembly.
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    } catch (error) {
      this.fail("WebAssembly is blocked here", "blocked");
      return;
    }
    if (typeof Worker !== "function") {
      this.fail("this browser does not run web workers", "blocked");
      return;
    }
    try {
      this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "calculator" });
    } catch (error) {
      this.fail("the calculator's worker could not start");
      return;
    }
    this.watch();
    this.compileRuntime();
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail("the calculator's worker stopped");
    };
    this.worker.onmessageerror = () => this.fail("the calculator's worker sent a message it could not read");
    this.worker.onmessage = (event) => {
      const message = event.data || {};
      if (message.type === "progress") {
        this.progress(message.file, message.received);
      } else if (message.type === "ready") {
        clearTimeout(this.timer);
        performance.mark("calculator-ready", { detail: { path: message.path, snapshot: message.snapshot } });
        recordTimings(message.timings);
        this.info = message;
        this.emit("ready", message);
      } else if (message.type === "snapshot kept") {
        performance.mark("calculator-snapshot-kept");
      } else if (message.type === "failed") {
        this.fail(message.message, message.kind);
      } else if (message.type === "answer") {
        const waiting = this.pending.get(message.id);
        if (waiting) {
          this.pending.delete(message.id);
          waiting.resolve(JSON.parse(message.json));
        }
      }
    };
    this.worker.postMessage({ type: "start" });
    // The calendar-file module is needed only once there is an answer.
    loadIcs();
  }

  /**
   * Have Pyodide's WebAssembly binary compiled by a short-lived worker of its
   * own (compiler.js) while the calculator's worker starts, and pass the
   * compiled module on to the calculator's worker. Compiling there keeps the
   * browser's compiled-code cache working for the next visit without long
   * tasks on this page's thread. If it fails, the calculator's worker fetches
   * the binary itself (and reports any failure).
   */
  compileRuntime() {
    const here = new URL("./", import.meta.url);
    const url = new URL(`${manifest.pyodide.path}pyodide.asm.wasm`, here);
    const give = (module) => { if (this.worker) this.worker.postMessage({ type: "module", module }); };
    let compiler;
    try {
      compiler = new Worker(new URL("./compiler.js", here), { name: "calculator-compiler" });
    } catch (error) {
      give(null);
      return;
    }
    this.compiler = compiler;
    const finish = (module) => {
      if (this.compiler !== compiler) return;  // already finished, or the calculator failed
      compiler.terminate();
      this.compiler = null;
      give(module);
    };
    compiler.onmessage = (event) => {
      const data = event.data;
      if (data && typeof data.progress === "number") this.progress("pyodide.asm.wasm", data.progress);
      else finish(data instanceof WebAssembly.Module ? data : null);
    };
    compiler.onerror = compiler.onmessageerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      finish(null);
    };
    compiler.postMessage(url.href);
  }

  ask(question) {
    this.start();
    if (this.state === "failed") return Promise.resolve({ failed: true });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.worker.postMessage({ type: "answer", id, question });
    });
  }
}

const runtime = new Runtime();

/**
 * Tell the page the calculator has settled (its first answer is shown, or
 * it failed): search-later.js then lets the theme's search index load.
 */
function settled() {
  document.dispatchEvent(new Event("handbook:calculator-settled"));
}

let icsModule = null;
function loadIcs() {
  // Without it the answer still shows, only without the calendar file.
  if (!icsModule) icsModule = import("./ics.js").catch(() => ({ calendarFor: null }));
  return icsModule;
}


// ---------------------------------------------------------------- one calculator

/** One GOV.UK date input of the form: the day a stage began, or another event. */
class DateQuestion {
  constructor(group) {
    this.group = group;
    this.event = group.dataset.calcEvent;
    this.protocol = group.dataset.protocol || "";
    this.fieldset = group.querySelector("[data-calc-date]");
    this.legend = group.querySelector("[data-calc-legend]");
    this.legendCopy = group.querySelector("[data-calc-legend-copy]");
    this.day = group.querySelector('[data-calc-part="day"]');
    this.month = group.querySelector('[data-calc-part="month"]');
    this.year = group.querySelector('[data-calc-part="year"]');
    this.error = group.querySelector("[data-calc-error]");
    this.today = group.querySelector("[data-calc-today]");
    this.hintId = this.fieldset.getAttribute("aria-describedby").split(" ")[0];
  }

  get name() { return this.fieldset.dataset.name || DATE_NAME; }

  get inputs() { return [this.day, this.month, this.year]; }

  setLegend(text) {
    this.legend.textContent = text;
    if (this.legendCopy) this.legendCopy.textContent = text;
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

class Calculator {
  constructor(root) {
    this.root = root;
    this.fixedProtocol = root.dataset.protocol || "";
    this.siteRoot = root.dataset.siteRoot || "";
    this.form = root.querySelector("[data-calc-form]");
    this.protocolSelect = root.querySelector('[data-calc-field="protocol"]');
    this.stageRadios = Array.from(root.querySelectorAll('[data-calc-field="stage"]'));
    this.stagePrompt = root.querySelector("[data-calc-stage-prompt]");
    this.urgentGroup = root.querySelector('[data-calc-group="urgent"]');
    this.urgentYes = root.querySelector('[data-calc-field="urgent"][value="yes"]');
    this.urgentNo = root.querySelector('[data-calc-field="urgent"][value="no"]');
    this.dates = Array.from(root.querySelectorAll("[data-calc-event]")).map((group) => new DateQuestion(group));
    this.start = this.dates.find((q) => q.event === "start") || null;
    this.submit = root.querySelector("[data-calc-submit]");
    this.result = root.querySelector("[data-calc-result]");
    this.message = root.querySelector("[data-calc-message]");
    this.summary = root.querySelector("[data-calc-error-summary]");
    this.summaryList = root.querySelector("[data-calc-error-list]");
    this.fallback = root.querySelector("[data-calc-fallback]");
    this.requestSerial = 0;
    this.objectUrl = null;
    this.title = document.title;
    this.lastQuestion = null;
    this.answers = 0;

    this.markPrintPath();
    this.filterStages();
    this.bind();
    runtime.on((state, detail) => this.onRuntime(state, detail));
  }

  get slug() {
    return this.fixedProtocol || (this.protocolSelect ? this.protocolSelect.value : "");
  }

  /** Mark the answer's ancestors, so printing the answer can hide everything else with display:none. */
  markPrintPath() {
    this.result.classList.add("calc-print-target");
    for (let node = this.result.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      node.classList.add("calc-print-path");
    }
  }

  bind() {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.compute({ showErrors: true, focusAnswer: true });
    });
    if (this.protocolSelect) {
      this.protocolSelect.addEventListener("change", () => {
        this.filterStages();
        this.compute({ showErrors: false });
      });
    }
    for (const radio of this.stageRadios) {
      radio.addEventListener("change", () => {
        this.updateStage();
        this.compute({ showErrors: false });
      });
    }
    for (const radio of [this.urgentYes, this.urgentNo]) {
      radio.addEventListener("change", () => this.compute({ showErrors: false }));
    }
    for (const question of this.dates) {
      for (const input of question.inputs) {
        input.addEventListener("input", () => this.compute({ showErrors: false, quiet: true }));
      }
      question.today.addEventListener("click", () => {
        question.fill(localToday());
        this.compute({ showErrors: false, quiet: true });
      });
    }
    this.summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-target]");
      if (!link) return;
      event.preventDefault();
      const target = this.root.querySelector(`#${CSS.escape(link.dataset.target)}`);
      if (target) {
        const legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
        (legend || target).scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      }
    });
    // Start the worker when the reader reaches or touches the calculator.
    const begin = () => runtime.start();
    this.root.addEventListener("focusin", begin, { once: true });
    this.root.addEventListener("pointerdown", begin, { once: true });
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          begin();
        }
      });
      observer.observe(this.root);
    } else {
      begin();
    }
  }

  // ------------------------------------------------------------ the form

  stagesOf(slug) {
    return this.stageRadios.filter((r) => r.dataset.protocol === slug);
  }

  filterStages() {
    const slug = this.slug;
    for (const radio of this.stageRadios) {
      const mine = radio.dataset.protocol === slug;
      radio.closest(".calc-radio").hidden = !mine;
      if (!mine) radio.checked = false;
    }
    if (this.stagePrompt) this.stagePrompt.hidden = Boolean(slug);
    this.updateStage();
  }

  selectedStage() {
    return this.stagesOf(this.slug).find((r) => r.checked) || null;
  }

  /** Does the chosen partnership's procedure give any computed timescale? */
  hasDates() {
    const stages = this.stagesOf(this.slug);
    return !stages.length || stages[0].dataset.dates === "yes";
  }

  /** Show the questions the chosen stage needs, and only those. */
  updateStage() {
    const option = this.selectedStage();
    const asks = Boolean(option && option.dataset.asksUrgent === "yes");
    if (!asks) this.urgentYes.checked = this.urgentNo.checked = false;
    this.urgentGroup.hidden = !asks;
    const dates = this.hasDates();
    const events = option ? option.dataset.events.split(" ").filter(Boolean) : [];
    for (const question of this.dates) {
      if (question === this.start) {
        question.group.hidden = !dates;
        question.setLegend(option ? option.dataset.began : "When did this stage begin?");
      } else {
        question.group.hidden = !(dates && question.protocol === this.slug && events.includes(question.event));
      }
    }
    this.submit.textContent = dates ? this.submit.dataset.labelDates : this.submit.dataset.labelWords;
  }

  shownDateQuestions() {
    return this.dates.filter((q) => q !== this.start && !q.group.hidden);
  }

  applyFragment(fragment) {
    if (this.fixedProtocol && fragment.protocol !== this.fixedProtocol) return false;
    if (this.protocolSelect) {
      const known = Array.from(this.protocolSelect.options).some((o) => o.value === fragment.protocol);
      this.protocolSelect.value = known ? fragment.protocol : "";
      this.filterStages();
    }
    const options = this.stagesOf(this.slug);
    let pick = options.find((o) => o.value === fragment.stage);
    if (!pick) {
      // A stage number that splits ("4") picks its branch by the urgent answer, where there is one.
      const numbered = options.filter((o) => o.dataset.number === fragment.stage);
      const wanted = fragment.urgent === true ? "urgent" : fragment.urgent === false ? "non-urgent" : null;
      pick = numbered.length === 1 ? numbered[0] : numbered.find((o) => wanted && o.dataset.branch === wanted);
    }
    for (const option of options) option.checked = option === pick;
    this.updateStage();
    if (!this.urgentGroup.hidden) {
      this.urgentYes.checked = fragment.urgent === true;
      this.urgentNo.checked = fragment.urgent === false;
    }
    if (this.start) this.start.fill(fragment.start);
    for (const question of this.dates) {
      if (question !== this.start) question.fill(question.protocol === this.slug ? fragment.dates[question.event] : "");
    }
    return true;
  }

  /** The question the form asks, or the errors that stop it. */
  question() {
    const errors = [];
    const slug = this.slug;
    const stage = this.selectedStage();
    const firstStage = this.stagesOf(slug)[0];
    if (!slug) errors.push({ field: "protocol", message: "Select a partnership", target: this.protocolSelect.id });
    else if (!stage) errors.push({ field: "stage", message: "Select the stage you are at", target: firstStage ? firstStage.id : "" });
    const today = localToday();
    const dated = this.hasDates();
    let start = today;  // a procedure with no timescale has no date to ask for
    const dates = {};
    if (dated && this.start) {
      const checked = this.start.check(false);
      if (checked.message) errors.push({ field: "start", question: this.start, ...checked, target: this.start[checked.parts[0]].id });
      else start = checked.iso;
      for (const question of this.shownDateQuestions()) {
        const other = question.check(true);
        if (other.message) errors.push({ field: question.event, question, ...other, target: question[other.parts[0]].id });
        else if (other.iso) dates[question.event] = other.iso;
      }
    }
    if (errors.length) return { errors };
    const urgent = this.urgentGroup.hidden ? null : this.urgentYes.checked ? true : this.urgentNo.checked ? false : null;
    return { question: { slug, stage: stage.value, start, urgent, dates, today }, dated };
  }

  groupFor(error) {
    if (error.question) return error.question.group;
    if (error.field === "protocol" || error.field === "stage" || error.field === "urgent") {
      return this.root.querySelector(`[data-calc-group="${error.field}"]`);
    }
    return null;
  }

  showErrors(errors, { focus = true } = {}) {
    this.clearErrors();
    if (!errors.length) return;
    for (const error of errors) {
      const group = this.groupFor(error);
      if (!group) continue;
      group.classList.add("calc-group-error");
      const message = group.querySelector("[data-calc-error]");
      message.hidden = false;
      message.replaceChildren(el("span", { class: "calc-visually-hidden" }, "Error: "), error.message);
      if (error.question) {
        const question = error.question;
        question.fieldset.setAttribute("aria-describedby", `${question.hintId} ${message.id}`);
        for (const part of ["day", "month", "year"]) {
          const wrong = (error.parts || ["day", "month", "year"]).includes(part);
          question[part].classList.toggle("calc-input-error", wrong);
          if (wrong) question[part].setAttribute("aria-invalid", "true");
        }
      } else if (error.field === "protocol") {
        this.protocolSelect.classList.add("calc-input-error");
        this.protocolSelect.setAttribute("aria-invalid", "true");
        this.protocolSelect.setAttribute("aria-describedby", message.id);
      }
    }
    this.summaryList.replaceChildren(...errors.map((error) =>
      el("li", {}, el("a", { href: `#${error.target}`, "data-target": error.target }, error.message))));
    this.summary.hidden = false;
    document.title = `Error: ${this.title}`;
    if (focus) this.summary.focus();
  }

  clearErrors() {
    this.summary.hidden = true;
    this.summaryList.replaceChildren();
    document.title = this.title;
    for (const group of this.root.querySelectorAll(".calc-group-error")) group.classList.remove("calc-group-error");
    for (const message of this.root.querySelectorAll("[data-calc-error]")) {
      message.hidden = true;
      message.replaceChildren();
    }
    for (const control of this.root.querySelectorAll("[aria-invalid]")) {
      control.removeAttribute("aria-invalid");
      control.classList.remove("calc-input-error");
      if (control.tagName === "SELECT") control.removeAttribute("aria-describedby");
    }
    for (const question of this.dates) question.fieldset.setAttribute("aria-describedby", question.hintId);
  }

  /** The form's error for a reply the calculator could not answer. */
  replyError(reply, dated) {
    const field = reply.field === "protocol" && this.fixedProtocol ? "stage" : (reply.field || "start");
    if (field === "protocol") return { field, message: this.readerMessage(reply), target: this.protocolSelect.id };
    if (field === "urgent") {
      const choice = this.root.querySelector('[data-calc-group="urgent"] input');
      return { field, message: this.readerMessage(reply), target: choice ? choice.id : "" };
    }
    if (field === "stage" || !dated) {
      const first = this.selectedStage() || this.stagesOf(this.slug)[0];
      return { field: "stage", message: this.readerMessage(reply), target: first ? first.id : "" };
    }
    const shown = this.shownDateQuestions();
    const question = shown.find((q) => q.event === field) || (field === "dates" && shown[0]) || this.start;
    return { field: question.event, question, message: this.readerMessage(reply, question),
      parts: ["day", "month", "year"], target: question.day.id };
  }

  async compute({ showErrors, quiet = false, focusAnswer = false }) {
    const { question, errors, dated } = this.question();
    const serial = ++this.requestSerial;
    if (errors) {
      if (showErrors) this.showErrors(errors);
      return;
    }
    if (runtime.state === "failed") {
      this.showFallback();
      return;
    }
    if (runtime.state !== "ready") this.setMessage("Starting the calculator…");
    const reply = await runtime.ask(question);
    if (serial !== this.requestSerial || reply.failed) return;
    if (reply.error) {
      if (!showErrors && quiet) return;
      this.showErrors([this.replyError(reply, dated)], { focus: showErrors });
      this.result.replaceChildren();
      this.root.dataset.answers = String(++this.answers);
      return;
    }
    const { calendarFor } = await loadIcs();
    if (serial !== this.requestSerial) return;
    this.clearErrors();
    this.lastQuestion = question;
    const fragment = writeFragment({ protocol: question.slug, stage: question.stage,
      start: dated ? question.start : "", urgent: question.urgent, dates: question.dates });
    this.render(reply, { calendarFor, dated, fragment });
    if (location.hash !== fragment) history.replaceState(history.state, "", fragment);
    this.root.dataset.answers = String(++this.answers);
    if (focusAnswer) this.focusAnswer();
  }

  /** GOV.UK's pattern: move focus to the answer's heading, scrolled into view. */
  focusAnswer() {
    const heading = this.result.querySelector("[data-calc-answer-title]");
    if (!heading) return;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  readerMessage(reply, question = this.start) {
    const name = question ? question.name : DATE_NAME;
    if (reply.covers) {
      return `${name} must be between 1 January ${reply.covers[0]} and 31 December ${reply.covers[1]}`;
    }
    const text = reply.error || "The calculator could not answer";
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  setMessage(text) {
    this.message.textContent = text;
  }

  // ------------------------------------------------------------ state

  onRuntime(state, detail) {
    if (state === "starting") {
      this.root.dataset.state = "loading";
    } else if (state === "ready") {
      this.root.dataset.state = "ready";
      if (this.message.textContent) this.setMessage("");
    } else if (state === "failed") {
      this.root.dataset.state = "failed";
      this.showFallback(detail);
    }
  }

  showFallback(reason = runtime.reason) {
    const siteTable = this.root.dataset.timescales ? document.getElementById(this.root.dataset.timescales) : null;
    // The partnership page's own table may come before the calculator or after it.
    const where = !siteTable ? "below"
      : siteTable.compareDocumentPosition(this.root) & Node.DOCUMENT_POSITION_FOLLOWING ? "above" : "further down this page";
    this.setMessage(failureMessage(reason, where));
    this.result.replaceChildren();
    if (siteTable) {
      siteTable.hidden = false;
      for (const hidden of this.root.querySelectorAll("[data-calc-fallback]")) hidden.hidden = true;
      this.message.append(" ", el("a", { href: `#${siteTable.id}` }, "Go to the timescales"));
      return;
    }
    this.fallback.hidden = false;
    const slug = this.slug;
    for (const table of this.fallback.querySelectorAll("table[data-protocol]")) {
      table.hidden = Boolean(slug) && table.dataset.protocol !== slug;
    }
  }

  // ------------------------------------------------------------ the answer

  /** A relative date ("in 3 working days", "today", "passed 16 working days ago"), marked by status. */
  relativeTag(relative) {
    if (!relative) return null;
    const status = relative.status;
    return el("span", { class: `calc-rel calc-rel-${status}`, "data-status": status },
      status === "passed" ? el("strong", {}, capitalise(relative.text)) : capitalise(relative.text));
  }

  /** One computed date: the date, where it stands against today, and what it lands on. */
  dueLine(due, relative, { wording = null, earlier = false, landsOn = null } = {}) {
    return el("p", { class: "calc-due" },
      el("strong", {}, timeEl(due)),
      wording ? ` (${wording})` : null,
      earlier ? [" ", el("span", { class: "calc-tag" }, "earlier")] : null,
      relative ? " " : null, this.relativeTag(relative),
      landsOn ? el("span", { class: "calc-lands" }, ` This is ${dayName(landsOn.name)}, not a working day.`) : null);
  }

  /** "Counted from Monday 21 December 2026, the day stage 1 began", with what the handbook assumed. */
  countedFrom(deadline, { noteFollows = false } = {}) {
    const cf = deadline.counted_from;
    if (!cf || !cf.date) return null;
    const parts = [`Counted from ${longDate(cf.date)}, ${cf.label}`];
    if (cf.projected) parts.push(", if each stage before it runs to its limit");
    if (cf.reading_text && !noteFollows) parts.push(`. ${capitalise(cf.reading_text)}`);
    return el("p", { class: "calc-from" }, `${parts.join("")}.`);
  }

  /** The procedure's timescale in its words, how it is counted, and the days skipped. */
  timescaleLine(deadline) {
    const skipped = deadline.skipped && deadline.skipped.length
      ? ` Skips ${deadline.skipped.map((s) => `${shortDate(s.date)} (${s.name})`).join(", ")}.` : "";
    return el("p", { class: "calc-wording" },
      `The procedure: “${deadline.wording}”`, deadline.counting ? `, counted in ${deadline.counting}` : "", ".", skipped);
  }

  renderDeadline(deadline, { conflictShown }) {
    const item = el("li", { class: "calc-deadline", "data-deadline": deadline.timescale,
      "data-status": deadline.relative ? deadline.relative.status : (deadline.due ? "" : "undated") });
    item.append(el("p", { class: "calc-action" }, deadline.action));
    const readings = (deadline.readings || []).filter((r) => r.due);
    const distinct = new Set(readings.map((r) => r.due));
    if (readings.length > 1 && distinct.size > 1) {
      for (const reading of readings) {
        item.append(this.dueLine(reading.due, reading.relative,
          { wording: reading.label || reading.wording, earlier: reading.earlier, landsOn: reading.lands_on }));
      }
    } else if (deadline.due) {
      const wording = readings.length > 1 ? `${readings.map((r) => r.wording).join(" and ")} give the same date` : null;
      const earlier = Boolean(deadline.conflict && deadline.conflict.earlier);
      item.append(this.dueLine(deadline.due, deadline.relative, { wording, earlier, landsOn: deadline.lands_on }));
    } else {
      item.append(el("p", { class: "calc-due calc-due-none" }, el("strong", {}, "No date yet"),
        `: it is counted from ${deadline.counted_from.label}, a date not given.`,
        this.askedFor(deadline.needs) ? ` Give it above (“${this.askedFor(deadline.needs)}”) to see the date.` : ""));
    }
    const noteFollows = Boolean(deadline.note) && deadline.counted_from && Boolean(deadline.counted_from.reading);
    item.append(this.countedFrom(deadline, { noteFollows }) || "");
    if (deadline.within) item.append(this.timescaleLine(deadline));
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

  /** The form's question for an event, where the form asks it. */
  askedFor(event) {
    if (!event || !this.lastAnswer) return null;
    const q = (this.lastAnswer.questions || []).find((x) => x.event === event);
    return q ? q.question : null;
  }

  renderWordsOnly(deadline) {
    return el("li", { class: "calc-now-item", "data-deadline": deadline.timescale },
      el("p", {}, el("strong", {}, capitalise(deadline.in_words_text || deadline.wording)), ` — ${deadline.action}.`),
      deadline.note ? handbookNote(deadline.note) : null,
      quotes(deadline.quote));
  }

  /** A person to contact, with every detail the source gives. */
  renderPerson(person) {
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
      quotes(person.quote, "The procedure's words about this contact"));
  }

  renderRoute(route, { condition }) {
    const people = route.contact_details && route.contact_details.length
      ? el("ul", { class: "calc-list calc-people" }, route.contact_details.map((p) => this.renderPerson(p)))
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

  section(role, title, ...children) {
    return el("section", { class: `calc-section calc-${role}`, "data-role": role }, el("h5", {}, title), ...children);
  }

  dateGiven(answer, event, iso) {
    if (event === `stage-${answer.stage.id}`) return `${answer.stage.label} began on ${longDate(iso)}`;
    const q = (answer.questions || []).find((x) => x.event === event);
    return `${capitalise(q ? q.name : event)}: ${longDate(iso)}`;
  }

  render(answer, { calendarFor, dated, fragment }) {
    this.lastAnswer = answer;
    const result = [];
    const stage = answer.stage;
    const given = Object.entries(answer.dates || {}).map(([event, iso]) => this.dateGiven(answer, event, iso));
    const urgentSaid = answer.urgent === true ? "You said the disagreement is urgent."
      : answer.urgent === false ? "You said the disagreement is not urgent." : null;
    const today = answer.today ? longDate(answer.today) : null;

    // Printed above the answer only.
    const address = location.href.split("#")[0] + fragment;
    result.push(el("div", { class: "calc-print-header", "aria-hidden": "true" },
      el("p", { class: "calc-print-title" }, `${answer.name}: what to do at ${stage.label}`),
      el("dl", {},
        el("dt", {}, "Partnership"), el("dd", {}, answer.name),
        el("dt", {}, "Document"), el("dd", {}, this.documentTitle() || "—"),
        el("dt", {}, "Stage"), el("dd", {}, `${stage.label}: ${stage.title}`),
        dated ? [el("dt", {}, "Dates entered"), el("dd", {}, given.join("; ") || "—")] : null,
        urgentSaid ? [el("dt", {}, "Urgent"), el("dd", {}, answer.urgent ? "Yes" : "No")] : null,
        el("dt", {}, "Printed on"), el("dd", {}, today || "—"),
        el("dt", {}, "Page"), el("dd", { class: "calc-print-url" }, address))));

    result.push(el("h4", { class: "calc-result-title", tabindex: "-1", "data-calc-answer-title": true },
      `${stage.label}: ${stage.title}`));
    result.push(el("p", { class: "calc-result-start" }, `${answer.name}. `,
      dated && given.length ? `${given.join(". ")}. ` : "", urgentSaid ? `${urgentSaid} ` : "",
      today && dated ? `Today is ${today}.` : ""));

    // Whatever the stage: the child-protection duties and an overdue review.
    const always = [];
    for (const duty of answer.child_protection || []) {
      always.push(el("li", { class: "calc-duty" },
        duty.in_words_text ? [el("strong", {}, capitalise(duty.in_words_text)), " — "] : null,
        duty.text, quotes(duty.quote)));
    }
    if (answer.review && answer.review.overdue) {
      always.push(el("li", { class: "calc-review", "data-role": "review" },
        el("strong", {}, "Review date passed: "),
        `this procedure gives ${shortDate(answer.review.date)} as the date it was due for review.`));
    }
    if (always.length) {
      result.push(this.section("always", "Whatever the stage", el("ul", { class: "calc-list" }, always)));
    }

    // Due now: the source's words, no date.
    const words = answer.deadlines.filter((d) => !d.within);
    if (words.length) {
      result.push(this.section("now", "Do now", el("ul", { class: "calc-list" }, words.map((d) => this.renderWordsOnly(d)))));
    }

    // Deadlines with a date (or needing one).
    const counted = answer.deadlines.filter((d) => d.within);
    const conflictShown = new Set();
    if (counted.length) {
      result.push(this.section("deadlines", "Deadlines",
        el("ul", { class: "calc-list calc-deadlines" }, counted.map((d) => this.renderDeadline(d, { conflictShown })))));
    } else if (!words.length) {
      result.push(this.section("deadlines", "Deadlines", el("p", {}, "The procedure gives no timescale for this stage.")));
    }

    // Who is involved now, and where to go if it is not resolved.
    if (answer.involved && answer.involved.length) {
      result.push(this.section("involved", "Who is involved at this stage",
        el("ul", { class: "calc-list calc-people" }, answer.involved.map((p) => this.renderPerson(p)))));
    }
    const next = this.section("next", "If this stage does not resolve it");
    if (answer.next) {
      next.append(this.renderRoute(answer.next, { condition: false }));
    } else if (answer.branches && answer.branches.length) {
      if (answer.route_note) next.append(handbookNote(answer.route_note));
      next.append(el("ul", { class: "calc-list calc-routes" }, answer.branches.map((b) => this.renderRoute(b, { condition: true }))));
    } else {
      next.append(el("p", {}, "This is the last stage of the procedure."));
    }
    result.push(next);

    // What the source says happens once it is resolved.
    const statements = (list) => el("ul", { class: "calc-list" },
      list.map((s) => el("li", {}, s.text, quotes(s.quote))));
    if (answer.if_resolved && answer.if_resolved.length) {
      result.push(this.section("if-resolved", "If it is resolved at this stage", statements(answer.if_resolved)));
    }
    if (answer.after && answer.after.length) {
      result.push(this.section("after", "Once the disagreement is resolved", statements(answer.after)));
    }

    // What to record, and the form.
    if ((answer.records && answer.records.length) || (answer.forms && answer.forms.length)) {
      const record = this.section("records", "What to record");
      if (answer.records.length) record.append(el("ul", { class: "calc-list" }, answer.records.map((r) => el("li", {}, r))));
      if (answer.forms.length) {
        record.append(el("p", {}, `Form${answer.forms.length > 1 ? "s" : ""} to use: `,
          answer.forms.map((f, i) => [i ? ", " : "", el("a", { href: this.formHref(answer.protocol, f.id), "data-form": f.id }, f.name)]),
          " (a page you can print)."));
      }
      result.push(record);
    }

    // The handbook's own notes on this stage.
    const notes = [];
    if (stage.note) notes.push(el("li", {}, stage.note));
    for (const gap of answer.gaps || []) notes.push(el("li", {}, gap.text, quotes(gap.quote)));
    if (notes.length) {
      result.push(this.section("gaps", "The handbook's notes on this stage",
        el("p", { class: "calc-note" }, "In the handbook's words, not the procedure's:"),
        el("ul", { class: "calc-list calc-handbook-notes" }, notes)));
    }

    // The later stages.
    if (answer.timeline && answer.timeline.length) {
      result.push(this.renderTimeline(answer));
    } else if (answer.timeline_note) {
      result.push(handbookNote(answer.timeline_note));
    }

    if (answer.calendar && dated) {
      result.push(el("p", { class: "calc-note calc-calendar" },
        `Working days skip weekends and the bank holidays of ${answer.calendar.region}.`,
        answer.calendar.definition ? ` ${answer.calendar.definition.text}` : ""));
    }

    // Print and calendar file.
    const actions = el("div", { class: "calc-actions" });
    const print = el("button", { type: "button", class: "calc-button calc-button-secondary", "data-calc-print": true }, "Print this answer");
    print.addEventListener("click", () => printAnswer());
    actions.append(print);
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    if (answer.deadlines.some((d) => d.due) && calendarFor) {
      const ics = calendarFor(answer, { pageUrl: address });
      this.objectUrl = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
      actions.append(el("a", {
        class: "calc-button calc-button-secondary", href: this.objectUrl, "data-calc-ics": true,
        download: `${answer.protocol}-${stage.id}-${answer.start}.ics`,
      }, "Download calendar file (.ics)"));
    }
    result.push(actions);

    this.result.replaceChildren(el("div", { class: "calc-answer", "data-role": "answer" }, ...result));
    if (!performance.getEntriesByName("calculator-first-answer").length) {
      performance.mark("calculator-first-answer");
      settled();
    }
  }

  renderTimeline(answer) {
    const timeline = el("ol", { class: "calc-timeline" });
    for (const entry of answer.timeline) {
      const begins = entry.start
        ? [" — begins ", timeEl(entry.start), entry.projected ? ", if the stage before runs to its limit" : " (the date you gave)"]
        : null;
      const item = el("li", { "data-stage": entry.stage.id },
        el("p", { class: "calc-timeline-stage" }, el("strong", {}, `${entry.stage.label}: ${entry.stage.title}`), begins));
      const rows = entry.deadlines.map((d) => {
        const readings = (d.readings || []).filter((r) => r.due);
        const distinct = new Set(readings.map((r) => r.due)).size > 1;
        let when;
        const lands = (x) => (x.lands_on ? `, ${dayName(x.lands_on.name)}, not a working day` : "");
        if (distinct) {
          when = readings.map((r, i) => [i ? " or " : "", timeEl(r.due), ` (${r.label || r.wording}${r.earlier ? ", earlier" : ""}${lands(r)})`]);
        } else if (d.due) {
          const tags = [d.conflict && d.conflict.earlier ? "earlier" : "", lands(d).slice(2)].filter(Boolean);
          when = [timeEl(d.due), tags.length ? ` (${tags.join(", ")})` : ""];
        } else if (d.within) {
          when = "No date yet";
        } else {
          when = capitalise(d.in_words_text || "");
        }
        const cf = d.counted_from || {};
        const from = d.due && cf.date
          ? `; counted from ${shortDate(cf.date)}, ${cf.label}${cf.projected ? " (projected)" : ""}`
            + (cf.reading_text ? `; ${cf.reading_text}` : "") : "";
        const needs = !d.due && d.within ? `; counted from ${d.counted_from.label}, a date not given` : "";
        return el("li", { "data-deadline": d.timescale }, when, ` — ${d.action} (“${d.wording}”${from}${needs})`,
          d.relative ? [" ", this.relativeTag(d.relative)] : null);
      });
      if (rows.length) item.append(el("ul", { class: "calc-list" }, rows));
      else item.append(el("p", { class: "calc-note" }, "The procedure gives no timescale for this stage."));
      if (entry.note) item.append(handbookNote(entry.note));
      timeline.append(item);
    }
    return this.section("timeline", "If it is not resolved: the later stages",
      timeline, answer.timeline_note ? handbookNote(answer.timeline_note) : null);
  }

  documentTitle() {
    const option = this.selectedStage() || this.stagesOf(this.slug)[0];
    return option ? option.dataset.document : "";
  }

  formHref(slug, formId) {
    return `${this.siteRoot}forms/${slug}-${formId}/`;
  }
}

// ---------------------------------------------------------------- start-up progress and failure

/** What the calculator says when it cannot start: what happened, and where the timescales are. */
function failureMessage(reason = runtime.reason, where = "below") {
  const opening = runtime.failure === "blocked" ? "The calculator cannot run in this browser" : "The calculator could not start";
  const retry = runtime.failure === "blocked" ? "" : " You can try again.";
  return `${opening}${reason ? `: ${reason}` : ""}, so it cannot work out the dates.${retry}`
    + ` The timescales for each stage, in the procedure's own words, are ${where}.`;
}

/**
 * The progress bar while the calculator downloads (bytes received of the
 * total the build wrote into the manifest), a polite announcement at each
 * quarter rather than every change, and a Retry button after a failure that
 * starts the calculator again without reloading the page.
 */
class StartupView {
  constructor(calculator) {
    this.calculator = calculator;
    const root = calculator.root;
    this.box = root.querySelector("[data-calc-progress]");
    this.bar = root.querySelector("[data-calc-progress-bar]");
    this.text = root.querySelector("[data-calc-progress-text]");
    this.status = root.querySelector("[data-calc-progress-status]");
    this.retryButton = root.querySelector("[data-calc-retry]");
    this.quarter = -1;
    this.retried = false;
    if (!this.box) return;
    this.retryButton.addEventListener("click", () => {
      this.retried = true;
      this.retryButton.hidden = true;
      runtime.retry();
    });
    runtime.on((event, detail) => this.update(event, detail));
  }

  announce(text) {
    this.status.textContent = text;
  }

  update(event, detail) {
    if (event === "starting") {
      this.quarter = -1;
      this.box.hidden = false;
      this.retryButton.hidden = true;
      this.calculator.root.dataset.state = "loading";
      if (this.retried) this.calculator.setMessage("");
    } else if (event === "progress") {
      const { received, total } = detail;
      const fraction = total ? Math.min(1, received / total) : 0;
      this.bar.max = 100;
      this.bar.value = Math.floor(fraction * 100);
      // A share, not megabytes: the counted bytes are the files' own, and a
      // server that compresses them sends fewer.
      this.text.textContent = fraction >= 1 ? "Downloaded; starting." : `${this.bar.value}% downloaded`;
      const quarter = Math.floor(fraction * 4);
      if (quarter !== this.quarter) {
        this.quarter = quarter;
        this.announce(quarter === 0 ? "Loading the calculator."
          : quarter >= 4 ? "The calculator is downloaded and starting."
            : `Loading the calculator: ${quarter * 25}% downloaded.`);
      }
    } else if (event === "ready") {
      this.box.hidden = true;
      this.announce("The calculator is ready.");
      if (this.retried) {
        this.retried = false;
        this.calculator.compute({ showErrors: false });
      }
    } else if (event === "failed") {
      this.box.hidden = true;
      this.announce("");
      this.retryButton.hidden = runtime.failure === "blocked";
    }
  }
}

function printAnswer() {
  document.documentElement.classList.add("calc-print-answer");
  const done = () => {
    document.documentElement.classList.remove("calc-print-answer");
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
  // Some browsers fire no afterprint event; print() blocks until the dialog closes.
  setTimeout(done, 0);
}

// ---------------------------------------------------------------- start-up

const calculators = Array.from(document.querySelectorAll("[data-calculator]")).map((root) => new Calculator(root));
for (const calculator of calculators) new StartupView(calculator);

function fromFragment() {
  const fragment = readFragment(location.hash);
  if (!fragment) return;
  for (const calculator of calculators) {
    if (calculator.applyFragment(fragment)) {
      runtime.start();
      // While Python loads, the reader sees the calculator and its progress;
      // then a shared link opens on its answer (or on the error summary).
      if (runtime.state !== "ready") calculator.root.scrollIntoView({ block: "start" });
      calculator.compute({ showErrors: true, focusAnswer: true });
    }
  }
}

fromFragment();
window.addEventListener("hashchange", fromFragment);
