// A calculator's start-up on the page: the progress bar while it downloads
// (bytes received of the total the build wrote into the manifest), a polite
// announcement at each quarter rather than every change, the
// `data-state="loading|ready|failed"` attribute, and, when it cannot start,
// the message, the procedure's timescales instead and a Retry button that
// starts it again without reloading the page.

import { el } from "./dom.js";
import { runtime } from "./runtime-client.js";

/** What the calculator says when it cannot start: what happened, and where the timescales are. */
function failureMessage(reason, where, word) {
  const opening = runtime.failure === "blocked" ? "The calculator cannot run in this browser" : "The calculator could not start";
  const retry = runtime.failure === "blocked" ? "" : " You can try again.";
  return `${opening}${reason ? `: ${reason}` : ""}, so it cannot work out the dates.${retry}`
    + ` The timescales for each ${word}, in the procedure's own words, are ${where}.`;
}

export class StartupView {
  /**
   * `calculator` gives its root, its message line, its form (the chosen
   * partnership), its answer view, and `compute` for the answer after a retry.
   */
  constructor(calculator) {
    this.calculator = calculator;
    const root = calculator.root;
    this.root = root;
    this.message = root.querySelector("[data-calc-message]");
    this.fallback = root.querySelector("[data-calc-fallback]");
    this.box = root.querySelector("[data-calc-progress]");
    this.bar = root.querySelector("[data-calc-progress-bar]");
    this.text = root.querySelector("[data-calc-progress-text]");
    this.status = root.querySelector("[data-calc-progress-status]");
    this.retryButton = root.querySelector("[data-calc-retry]");
    this.quarter = -1;
    this.retried = false;
    runtime.on((event, detail) => this.onRuntime(event, detail));
    if (!this.box) return;
    this.retryButton.addEventListener("click", () => {
      this.retried = true;
      this.retryButton.hidden = true;
      runtime.retry();
    });
    runtime.on((event, detail) => this.update(event, detail));
  }

  setMessage(text) {
    this.message.textContent = text;
  }

  /** Asked before it is ready: the progress says so where there is one (a new line would move the form). */
  waiting() {
    if (!this.box) this.setMessage("Starting the calculator…");
  }

  /** The calculator's state, its message line and, on failure, the timescales instead. */
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
    this.setMessage(failureMessage(reason, where, this.calculator.form.stageWord()));
    this.calculator.view.clear();
    if (siteTable) {
      siteTable.hidden = false;
      for (const hidden of this.root.querySelectorAll("[data-calc-fallback]")) hidden.hidden = true;
      this.message.append(" ", el("a", { href: `#${siteTable.id}` }, "Go to the timescales"));
      return;
    }
    this.fallback.hidden = false;
    const slug = this.calculator.form.slug;
    for (const table of this.fallback.querySelectorAll("table[data-protocol]")) {
      table.hidden = Boolean(slug) && table.dataset.protocol !== slug;
    }
  }

  announce(text) {
    this.status.textContent = text;
  }

  progress({ received, total }) {
    const fraction = total ? Math.min(1, received / total) : 0;
    this.bar.max = 100;
    this.bar.value = Math.floor(fraction * 100);
    // A share, not megabytes: the counted bytes are the files' own, and a
    // server that compresses them sends fewer.
    // Short, on the label's line: a second line would move the form below.
    this.text.textContent = fraction >= 1 ? "starting…" : `${this.bar.value}% downloaded`;
    const quarter = Math.floor(fraction * 4);
    if (quarter !== this.quarter) {
      this.quarter = quarter;
      this.announce(quarter === 0 ? "Loading the calculator."
        : quarter >= 4 ? "The calculator is downloaded and starting."
          : `Loading the calculator: ${quarter * 25}% downloaded.`);
    }
  }

  /** The progress box, its announcements and the Retry button. */
  update(event, detail) {
    if (event === "starting") {
      this.quarter = -1;
      this.box.hidden = false;
      this.retryButton.hidden = true;
      if (this.retried) this.setMessage("");
    } else if (event === "progress") {
      this.progress(detail);
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
