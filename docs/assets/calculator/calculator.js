// The deadline calculator on the page: the form, the URL fragment and the
// answer. Only DOM work happens here; Python runs in a worker (worker.js),
// started when the reader reaches or touches the calculator, or at once when
// the URL carries a `#protocol=` fragment. Nothing is stored anywhere.
//
// The page loads this module with `async`, so it runs as soon as it arrives
// (the calculator's markup is above it), without waiting for the theme's
// scripts: a `#protocol=` link starts the worker as early as it can.

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

// ---------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
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

function shortDate(iso) {
  const { y, m, d } = parseIso(iso);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function timeEl(iso, text = longDate(iso)) {
  return el("time", { datetime: iso }, text);
}

function quotes(list) {
  const items = (list || []).filter(Boolean);
  if (!items.length) return null;
  return el("blockquote", { class: "calc-quote" },
    el("p", { class: "calc-quote-label" }, "The procedure says:"),
    items.map((q) => el("p", {}, el("q", {}, q))));
}

/** "#protocol=a&stage=b&start=c[&urgent=1]" as an object, or null. */
export function readFragment(hash) {
  const text = (hash || "").replace(/^#/, "");
  if (!/(^|&)protocol=/.test(text)) return null;
  const params = new URLSearchParams(text);
  return {
    protocol: params.get("protocol") || "",
    stage: params.get("stage") || "",
    start: params.get("start") || "",
    urgent: ["1", "yes", "true"].includes((params.get("urgent") || "").toLowerCase()),
  };
}

export function writeFragment({ protocol, stage, start, urgent }) {
  const params = new URLSearchParams();
  params.set("protocol", protocol);
  params.set("stage", stage);
  params.set("start", start);
  if (urgent) params.set("urgent", "1");
  return `#${params.toString()}`;
}

/**
 * Check the three date fields as GOV.UK's date-input pattern does. Returns
 * {iso} or {message, parts} where parts names the fields in error.
 */
export function checkDate(dayText, monthText, yearText) {
  const raw = { day: dayText.trim(), month: monthText.trim(), year: yearText.trim() };
  const missing = Object.keys(raw).filter((k) => raw[k] === "");
  if (missing.length === 3) return { message: `Enter ${DATE_NAME.toLowerCase()}`, parts: ["day", "month", "year"] };
  if (missing.length) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { message: `${DATE_NAME} must include a ${words}`, parts: missing };
  }
  const notNumbers = Object.keys(raw).filter((k) => !/^\d+$/.test(raw[k]));
  if (notNumbers.length) return { message: `${DATE_NAME} must be a real date`, parts: notNumbers };
  if (raw.year.length !== 4) return { message: "Year must include 4 numbers", parts: ["year"] };
  const day = Number(raw.day);
  const month = Number(raw.month);
  const year = Number(raw.year);
  if (month < 1 || month > 12) return { message: `${DATE_NAME} must be a real date`, parts: ["month"] };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return { message: `${DATE_NAME} must be a real date`, parts: ["day"] };
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

let icsModule = null;
function loadIcs() {
  // Without it the answer still shows, only without the calendar file.
  if (!icsModule) icsModule = import("./ics.js").catch(() => ({ calendarFor: null }));
  return icsModule;
}

// ---------------------------------------------------------------- one calculator

class Calculator {
  constructor(root) {
    this.root = root;
    this.fixedProtocol = root.dataset.protocol || "";
    this.form = root.querySelector("[data-calc-form]");
    this.protocolSelect = root.querySelector('[data-calc-field="protocol"]');
    this.stageSelect = root.querySelector('[data-calc-field="stage"]');
    this.urgentGroup = root.querySelector('[data-calc-group="urgent"]');
    this.urgentYes = root.querySelector('[data-calc-field="urgent"][value="yes"]');
    this.urgentNo = root.querySelector('[data-calc-field="urgent"][value="no"]');
    this.day = root.querySelector('[data-calc-field="day"]');
    this.month = root.querySelector('[data-calc-field="month"]');
    this.year = root.querySelector('[data-calc-field="year"]');
    this.dateFieldset = root.querySelector("[data-calc-date]");
    this.result = root.querySelector("[data-calc-result]");
    this.message = root.querySelector("[data-calc-message]");
    this.summary = root.querySelector("[data-calc-error-summary]");
    this.summaryList = root.querySelector("[data-calc-error-list]");
    this.fallback = root.querySelector("[data-calc-fallback]");
    this.stageOptions = Array.from(this.stageSelect.querySelectorAll("option[data-protocol]"));
    this.stagePrompt = this.stageSelect.querySelector("option:not([data-protocol])");
    this.requestSerial = 0;
    this.objectUrl = null;
    this.title = document.title;
    this.lastQuestion = null;
    this.answers = 0;

    this.filterStages();
    this.bind();
    runtime.on((state, detail) => this.onRuntime(state, detail));
  }

  get slug() {
    return this.fixedProtocol || (this.protocolSelect ? this.protocolSelect.value : "");
  }

  bind() {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.compute({ showErrors: true });
    });
    if (this.protocolSelect) {
      this.protocolSelect.addEventListener("change", () => {
        this.filterStages();
        this.compute({ showErrors: false });
      });
    }
    this.stageSelect.addEventListener("change", () => {
      this.updateUrgent(true);
      this.compute({ showErrors: false });
    });
    for (const radio of [this.urgentYes, this.urgentNo]) {
      radio.addEventListener("change", () => this.compute({ showErrors: false }));
    }
    for (const input of [this.day, this.month, this.year]) {
      input.addEventListener("input", () => this.compute({ showErrors: false, quiet: true }));
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

  filterStages() {
    const slug = this.slug;
    const keep = this.stageSelect.value;
    for (const option of this.stageOptions) option.remove();
    const matching = this.stageOptions.filter((o) => o.dataset.protocol === slug);
    this.stageSelect.append(...matching);
    if (this.stagePrompt && !this.fixedProtocol) {
      this.stagePrompt.textContent = slug ? "Choose a stage" : "Choose a partnership first";
    }
    this.stageSelect.value = matching.some((o) => o.value === keep) ? keep : "";
    this.updateUrgent(true);
  }

  selectedStageOption() {
    return this.stageOptions.find((o) => o.dataset.protocol === this.slug && o.value === this.stageSelect.value) || null;
  }

  updateUrgent(resetWhenHidden) {
    const option = this.selectedStageOption();
    const asks = Boolean(option && option.dataset.asksUrgent === "yes");
    if (!asks && resetWhenHidden) this.urgentNo.checked = true;
    this.urgentGroup.hidden = !asks;
  }

  applyFragment(fragment) {
    if (this.fixedProtocol && fragment.protocol !== this.fixedProtocol) return false;
    if (this.protocolSelect) {
      const known = Array.from(this.protocolSelect.options).some((o) => o.value === fragment.protocol);
      this.protocolSelect.value = known ? fragment.protocol : "";
      this.filterStages();
    }
    let stage = fragment.stage;
    const options = this.stageOptions.filter((o) => o.dataset.protocol === this.slug);
    if (!options.some((o) => o.value === stage)) {
      // A stage number that splits ("4") picks its branch by the urgent flag.
      const numbered = options.filter((o) => o.dataset.number === stage);
      const wanted = fragment.urgent ? "urgent" : "non-urgent";
      const pick = numbered.find((o) => o.dataset.branch === wanted) || numbered[0];
      stage = pick ? pick.value : "";
    }
    this.stageSelect.value = stage;
    this.updateUrgent(false);
    this.urgentYes.checked = fragment.urgent;
    this.urgentNo.checked = !fragment.urgent;
    const match = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(fragment.start);
    if (match) {
      this.year.value = String(Number(match[1]));
      this.month.value = String(Number(match[2]));
      this.day.value = String(Number(match[3]));
    } else {
      this.year.value = this.month.value = this.day.value = "";
    }
    return true;
  }

  /** The question the form asks, or the errors that stop it. */
  question() {
    const errors = [];
    const slug = this.slug;
    if (!slug) errors.push({ field: "protocol", message: "Select a partnership", target: this.protocolSelect.id });
    else if (!this.stageSelect.value) errors.push({ field: "stage", message: "Select the stage you are at", target: this.stageSelect.id });
    const date = checkDate(this.day.value, this.month.value, this.year.value);
    if (date.message) {
      errors.push({ field: "start", message: date.message, parts: date.parts, target: this[date.parts[0]].id });
    }
    if (errors.length) return { errors };
    return {
      question: {
        slug,
        stage: this.stageSelect.value,
        start: date.iso,
        urgent: this.urgentYes.checked,
      },
    };
  }

  showErrors(errors, { focus = true } = {}) {
    this.clearErrors();
    if (!errors.length) return;
    for (const error of errors) {
      const group = this.root.querySelector(`[data-calc-group="${error.field}"]`);
      if (!group) continue;
      group.classList.add("calc-group-error");
      const message = group.querySelector("[data-calc-error]");
      message.hidden = false;
      message.replaceChildren(el("span", { class: "calc-visually-hidden" }, "Error: "), error.message);
      if (error.field === "start") {
        this.dateFieldset.setAttribute("aria-describedby", `${this.dateFieldset.getAttribute("aria-describedby").split(" ")[0]} ${message.id}`);
        for (const part of ["day", "month", "year"]) {
          const wrong = (error.parts || ["day", "month", "year"]).includes(part);
          this[part].classList.toggle("calc-input-error", wrong);
          if (wrong) this[part].setAttribute("aria-invalid", "true");
        }
      } else {
        const control = group.querySelector("select");
        control.classList.add("calc-input-error");
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", message.id);
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
    const describedby = this.dateFieldset.getAttribute("aria-describedby").split(" ")[0];
    this.dateFieldset.setAttribute("aria-describedby", describedby);
  }

  async compute({ showErrors, quiet = false }) {
    const { question, errors } = this.question();
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
      const field = reply.field === "protocol" && this.fixedProtocol ? "stage" : (reply.field || "start");
      const target = field === "start" ? this.day.id : field === "stage" ? this.stageSelect.id : this.protocolSelect.id;
      this.showErrors([{ field, message: this.readerMessage(reply), parts: ["day", "month", "year"], target }],
        { focus: showErrors });
      this.result.replaceChildren();
      this.root.dataset.answers = String(++this.answers);
      return;
    }
    const { calendarFor } = await loadIcs();
    if (serial !== this.requestSerial) return;
    this.clearErrors();
    this.lastQuestion = question;
    this.render(reply, calendarFor);
    const fragment = writeFragment({ protocol: question.slug, stage: question.stage, start: question.start, urgent: question.urgent });
    if (location.hash !== fragment) history.replaceState(history.state, "", fragment);
    this.root.dataset.answers = String(++this.answers);
  }

  readerMessage(reply) {
    if (reply.covers) {
      return `${DATE_NAME} must be between 1 January ${reply.covers[0]} and 31 December ${reply.covers[1]}`;
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
    this.setMessage(failureMessage(reason));
    this.result.replaceChildren();
    const siteTable = this.root.dataset.timescales ? document.getElementById(this.root.dataset.timescales) : null;
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

  renderDeadline(deadline, { headline = false } = {}) {
    const parts = [];
    if (deadline.due) {
      parts.push(el("p", { class: headline ? "calc-due calc-due-next" : "calc-due" },
        el("strong", {}, timeEl(deadline.due)), ` — ${deadline.action}`));
      parts.push(el("p", { class: "calc-wording" },
        `The procedure's timescale: ${deadline.wording}`,
        deadline.counting ? ` (counted in ${deadline.counting})` : "", "."));
      if (deadline.skipped && deadline.skipped.length) {
        parts.push(el("p", { class: "calc-skipped" },
          `Skips ${deadline.skipped.map((s) => `${shortDate(s.date)}: ${s.name}`).join("; ")}.`));
      } else if (deadline.within && deadline.within.working_days !== undefined) {
        parts.push(el("p", { class: "calc-skipped" }, "No bank holiday falls in between."));
      }
      if (deadline.within && deadline.within.hours !== undefined) {
        parts.push(el("p", { class: "calc-note" }, "Hours are counted on the clock, weekends included: given a date only, the day is rounded up."));
      }
    } else if (deadline.within) {
      parts.push(el("p", { class: "calc-due" }, el("strong", {}, "No date yet"), ` — ${deadline.action}: ${deadline.wording}`));
    } else {
      const words = deadline.in_words_text || "";
      parts.push(el("p", { class: "calc-due calc-due-words" },
        words ? el("strong", {}, words.charAt(0).toUpperCase() + words.slice(1)) : null,
        words ? ` — ${deadline.action}` : deadline.action,
        ". ", el("span", { class: "calc-note" }, "The procedure gives this in words, not as a number of days.")));
    }
    if (deadline.conflict) {
      parts.push(el("div", { class: `calc-conflict${deadline.conflict.safe ? " calc-conflict-safe" : ""}`, role: "note" },
        el("p", {}, el("strong", {}, deadline.conflict.safe ? "Safer reading: work to this one. " : "Another reading of the procedure comes earlier. "),
          deadline.conflict.text)));
    }
    if (deadline.note) parts.push(el("p", { class: "calc-note" }, deadline.note));
    if (deadline.repeats) parts.push(el("p", { class: "calc-note" }, `Repeats for ${deadline.repeats}.`));
    parts.push(quotes(deadline.quote));
    return parts;
  }

  render(answer, calendarFor) {
    const result = [];
    const stage = answer.stage;
    const computed = answer.deadlines.filter((d) => d.due);
    const first = computed[0] || null;
    const others = answer.deadlines.filter((d) => d !== first);
    result.push(el("h4", { class: "calc-result-title" }, `${stage.label}: ${stage.title}`));
    result.push(el("p", { class: "calc-result-start" }, `${answer.name}. This stage began on ${longDate(answer.start)}`,
      answer.urgent ? ", and the disagreement is urgent." : "."));

    const deadlines = el("div", { class: "calc-deadlines", "data-role": "deadlines" });
    if (first) {
      deadlines.append(el("section", { class: "calc-next-deadline", "data-role": "next-deadline" },
        el("h5", {}, "Next deadline"), this.renderDeadline(first, { headline: true })));
    } else if (!answer.deadlines.length) {
      deadlines.append(el("p", { class: "calc-due" }, "The procedure gives no timescale for this stage, so there is no date to work out."));
    } else {
      deadlines.append(el("p", { class: "calc-due" }, "The procedure gives this stage's timescales in words only, so there is no date to work out."));
    }
    if (others.length) {
      deadlines.append(el("h5", {}, first ? "Also at this stage" : "Timescales at this stage"),
        el("ul", { class: "calc-list" }, others.map((d) => el("li", { "data-deadline": d.timescale }, this.renderDeadline(d)))));
    }
    result.push(deadlines);

    // Who to contact next.
    const next = el("section", { class: "calc-contact", "data-role": "next" }, el("h5", {}, "Who to contact next"));
    if (answer.next) {
      next.append(el("p", {}, `If this stage does not resolve it, go to ${answer.next.label}: ${answer.next.title}`,
        answer.next.when === "urgent" ? " (the urgent route)." : answer.next.when === "non-urgent" ? " (the non-urgent route)." : "."));
      if (answer.next.contacts && answer.next.contacts.length) {
        next.append(el("ul", { class: "calc-list" }, answer.next.contacts.map((c) => el("li", {}, c))));
      }
      next.append(quotes(answer.next.quote));
      const otherRoutes = (answer.branches || []).filter((b) => b.id !== answer.next.id);
      for (const route of otherRoutes) {
        next.append(el("p", { class: "calc-note" },
          `${route.when === "urgent" ? "If it is urgent" : route.when === "non-urgent" ? "If it is not urgent" : "Otherwise"}: ${route.label}: ${route.title}`,
          route.contacts && route.contacts.length ? ` (${route.contacts.join(", ")}).` : "."));
      }
    } else {
      next.append(el("p", {}, "This is the last stage of the procedure."));
    }
    result.push(next);

    // What to record.
    if ((answer.records && answer.records.length) || (answer.forms && answer.forms.length)) {
      const record = el("section", { class: "calc-record", "data-role": "records" }, el("h5", {}, "What to record"));
      if (answer.records.length) record.append(el("ul", { class: "calc-list" }, answer.records.map((r) => el("li", {}, r))));
      if (answer.forms.length) {
        record.append(el("p", {}, `Form${answer.forms.length > 1 ? "s" : ""} to use: `, answer.forms.map((f) => f.name).join(", "), "."));
      }
      result.push(record);
    }

    // The rest of the timeline.
    if (answer.timeline && answer.timeline.length) {
      const timeline = el("ol", { class: "calc-timeline" });
      for (const entry of answer.timeline) {
        const item = el("li", { "data-stage": entry.stage.id },
          el("p", { class: "calc-timeline-stage" }, el("strong", {}, `${entry.stage.label}: ${entry.stage.title}`),
            entry.start ? [" — from ", timeEl(entry.start)] : " — no date: an earlier stage has no computed timescale."));
        const rows = entry.deadlines.map((d) => el("li", {},
          d.due ? [timeEl(d.due), ` — ${d.action} (${d.wording})`]
            : d.within ? `No date — ${d.action} (${d.wording})`
              : `${d.in_words_text ? `${d.in_words_text.charAt(0).toUpperCase()}${d.in_words_text.slice(1)} — ` : ""}${d.action} (${d.wording})`,
          d.conflict ? el("span", { class: "calc-note" }, d.conflict.safe ? " Safer reading." : " Another reading comes earlier.") : null));
        if (rows.length) item.append(el("ul", { class: "calc-list" }, rows));
        else item.append(el("p", { class: "calc-note" }, "The procedure gives no timescale for this stage."));
        if (entry.note) item.append(el("p", { class: "calc-note" }, entry.note));
        timeline.append(item);
      }
      result.push(el("section", { class: "calc-rest", "data-role": "timeline" },
        el("h5", {}, "The rest of the timeline"),
        el("p", { class: "calc-note" }, "If the disagreement is not resolved, each later stage is taken to begin when the one before it reaches its limit."),
        timeline));
    }

    if (answer.calendar) {
      result.push(el("p", { class: "calc-note calc-calendar" },
        `Bank holidays of ${answer.calendar.region}, from ${answer.calendar.source}.`));
    }

    // Print and calendar file.
    const actions = el("div", { class: "calc-actions" });
    const print = el("button", { type: "button", class: "calc-button calc-button-secondary", "data-calc-print": true }, "Print");
    print.addEventListener("click", () => printAnswer());
    actions.append(print);
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
    if (computed.length && calendarFor) {
      const ics = calendarFor(answer, { pageUrl: location.href.split("#")[0] + writeFragment({
        protocol: answer.protocol, stage: stage.id, start: answer.start, urgent: answer.urgent }) });
      this.objectUrl = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
      actions.append(el("a", {
        class: "calc-button calc-button-secondary", href: this.objectUrl, "data-calc-ics": true,
        download: `${answer.protocol}-${stage.id}-${answer.start}.ics`,
      }, "Download calendar file (.ics)"));
    }
    result.push(actions);

    this.result.replaceChildren(...result);
    if (!performance.getEntriesByName("calculator-first-answer").length) performance.mark("calculator-first-answer");
  }
}

// ---------------------------------------------------------------- start-up progress and failure

/** What the calculator says when it cannot start: what happened, and where the timescales are. */
function failureMessage(reason = runtime.reason) {
  const opening = runtime.failure === "blocked" ? "The calculator cannot run in this browser" : "The calculator could not start";
  const retry = runtime.failure === "blocked" ? "" : " You can try again.";
  return `${opening}${reason ? `: ${reason}` : ""}, so it cannot work out the dates.${retry}`
    + " The timescales for each stage, in the procedure's own words, are below.";
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
      calculator.compute({ showErrors: true });
      if (calculator.summary.hidden) calculator.root.scrollIntoView({ block: "start" });
    }
  }
}

fromFragment();
window.addEventListener("hashchange", fromFragment);
