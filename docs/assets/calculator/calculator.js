// The deadline calculator on the page, the module the page loads: it wires
// each `data-calculator` element's form, answer view and start-up view to the
// shared runtime, and opens the answer a `#protocol=` link asks for. Python
// runs in a worker (runtime-client.js, worker.js), started when the reader reaches or
// touches the calculator, or at once when the URL carries a `#protocol=`
// fragment. Nothing is stored anywhere.
//
// The page loads this module deferred (a module script without `async`): it
// runs as soon as the page is parsed, before the theme's DOMContentLoaded
// work. (Measured in Chromium, an `async` module ran later: after that work
// and an animation frame, 40-80 ms later on a repeat visit.) So a
// `#protocol=` link starts the worker as early as the page allows.

import { AnswerView, loadIcs } from "./answer-view.js";
import { CalculatorForm } from "./form.js";
import { readFragment, writeFragment } from "./fragment.js";
import { runtime } from "./runtime-client.js";
import { StartupView } from "./startup-view.js";

class Calculator {
  constructor(root) {
    this.root = root;
    this.form = new CalculatorForm(root);
    this.view = new AnswerView(root.querySelector("[data-calc-result]"), this.form);
    this.startup = new StartupView(this);
    this.requestSerial = 0;
    this.answers = 0;
    this.form.bind((options) => this.compute(options));
    this.startWhenReached();
  }

  /** Start the worker when the reader reaches or touches the calculator. */
  startWhenReached() {
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

  /**
   * Ask the runtime the form's question and show its answer (or the errors).
   * An answer on screen always matches the form: while the form cannot be
   * answered, the answer that was there is taken away (a note says why) and
   * the address loses it too.
   */
  async compute({ showErrors, quiet = false, focusAnswer = false, cleared = false }) {
    const { question, errors, dated } = this.form.question();
    const serial = ++this.requestSerial;
    if (errors) {
      if (showErrors) this.form.showErrors(errors);
      this.outOfDate({ cleared });
      return;
    }
    if (runtime.state === "failed") {
      this.startup.showFallback();
      return;
    }
    if (runtime.state !== "ready") this.startup.waiting();
    loadIcs();
    const reply = await runtime.ask(question);
    if (serial !== this.requestSerial || reply.failed) return;
    if (reply.error) {
      if (!showErrors && quiet) {
        this.outOfDate();
        return;
      }
      this.form.showErrors([this.form.replyError(reply, dated)], { focus: showErrors });
      this.outOfDate();
      this.root.dataset.answers = String(++this.answers);
      return;
    }
    const { calendarFor } = await loadIcs();
    if (serial !== this.requestSerial) return;
    this.form.clearErrors();
    const fragment = writeFragment({ protocol: question.slug, stage: question.stage,
      start: dated ? question.start : "", urgent: question.urgent, dates: question.dates });
    this.view.render(reply, { calendarFor, dated, fragment });
    if (location.hash !== fragment) history.replaceState(history.state, "", fragment);
    this.root.dataset.answers = String(++this.answers);
    if (focusAnswer) this.view.focus();
  }

  /** The form no longer matches the answer: take the answer away, from the page and from the address. */
  outOfDate({ cleared = false } = {}) {
    this.view.markOutOfDate({ button: this.form.submit.textContent, cleared });
    if (readFragment(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
  }
}

const calculators = Array.from(document.querySelectorAll("[data-calculator]")).map((root) => new Calculator(root));

// The calendar-file module is needed only once there is an answer: fetched once the calculator is ready.
runtime.on((event) => {
  if (event === "ready") loadIcs();
});

function fromFragment() {
  const fragment = readFragment(location.hash);
  if (!fragment) return;
  for (const calculator of calculators) {
    if (calculator.form.applyFragment(fragment)) {
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
