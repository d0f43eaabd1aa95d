// A calculator's form: the partnership, the stage, the urgent question and
// the date inputs; which of them the chosen stage asks; the question they
// make; and the GOV.UK error summary when they cannot make one. Form-field
// messages are the form's own; a message about the answer is the engine's.

import { el } from "./dom.js";
import { DATE_NAME, DateQuestion, localToday } from "./date-input.js";

export class CalculatorForm {
  constructor(root) {
    this.root = root;
    this.fixedProtocol = root.dataset.protocol || "";
    this.siteRoot = root.dataset.siteRoot || "";
    this.element = root.querySelector("[data-calc-form]");
    this.protocolSelect = root.querySelector('[data-calc-field="protocol"]');
    this.stageRadios = Array.from(root.querySelectorAll('[data-calc-field="stage"]'));
    this.stagePrompt = root.querySelector("[data-calc-stage-prompt]");
    this.stageWords = Array.from(root.querySelectorAll("[data-calc-stage-word]"));
    this.needs = Array.from(root.querySelectorAll("[data-calc-needs]"));
    this.urgentHints = Array.from(root.querySelectorAll("[data-calc-urgent-hint]"));
    this.urgentGroup = root.querySelector('[data-calc-group="urgent"]');
    this.urgentYes = root.querySelector('[data-calc-field="urgent"][value="yes"]');
    this.urgentNo = root.querySelector('[data-calc-field="urgent"][value="no"]');
    this.dates = Array.from(root.querySelectorAll("[data-calc-event]")).map((group) => new DateQuestion(group));
    this.start = this.dates.find((q) => q.event === "start") || null;
    this.submit = root.querySelector("[data-calc-submit]");
    this.summary = root.querySelector("[data-calc-error-summary]");
    this.summaryList = root.querySelector("[data-calc-error-list]");
    this.title = document.title;
    this.datesFor = null;  // "slug stage": the stage the dates in the form were given for
    this.filterStages();
  }

  get slug() {
    return this.fixedProtocol || (this.protocolSelect ? this.protocolSelect.value : "");
  }

  /** Call `compute(options)` whenever the reader changes or submits the form. */
  bind(compute) {
    this.element.addEventListener("submit", (event) => {
      event.preventDefault();
      compute({ showErrors: true, focusAnswer: true });
    });
    if (this.protocolSelect) {
      this.protocolSelect.addEventListener("change", () => {
        this.filterStages();
        compute({ showErrors: false });
      });
    }
    for (const radio of this.stageRadios) {
      radio.addEventListener("change", () => {
        const cleared = this.forgetOtherStagesDates();
        this.updateStage();
        compute({ showErrors: false, cleared });
      });
    }
    for (const radio of [this.urgentYes, this.urgentNo]) {
      radio.addEventListener("change", () => compute({ showErrors: false }));
    }
    for (const question of this.dates) {
      for (const input of question.inputs) {
        input.addEventListener("input", () => compute({ showErrors: false, quiet: true }));
      }
      question.today.addEventListener("click", () => {
        question.fill(localToday());
        compute({ showErrors: false, quiet: true });
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
  }

  // ------------------------------------------------------------ the stage and its questions

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
    // The procedure's own word for its stages ("step"), wherever the form names one.
    const word = this.stageWord();
    for (const span of this.stageWords) span.textContent = word;
    for (const hint of this.urgentHints) hint.hidden = hint.dataset.calcUrgentHint !== slug;
    this.updateStage();
  }

  /** What the chosen partnership's procedure calls a stage, in lower case: "stage", "step". */
  stageWord() {
    const first = this.stagesOf(this.slug)[0];
    return (first && first.dataset.stageWord) || "stage";
  }

  /**
   * The dates belong to the stage they were given for: choosing another stage
   * clears them, so that no answer counts the new stage from the old one's
   * start. True when it cleared any.
   */
  forgetOtherStagesDates() {
    const option = this.selectedStage();
    const key = option ? `${this.slug} ${option.value}` : null;
    const before = this.datesFor;
    this.datesFor = key;
    if (!before || !key || before === key || !this.hasDates()) return false;
    const given = this.dates.some((q) => q.inputs.some((input) => input.value.trim()));
    for (const question of this.dates) question.fill("");
    return given;
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
    const word = this.stageWord();
    for (const list of this.needs) {
      list.hidden = !(dates && option && list.dataset.protocol === this.slug && list.dataset.stage === option.value);
    }
    for (const question of this.dates) {
      if (question === this.start) {
        question.group.hidden = !dates;
        question.setLegend(option ? option.dataset.began : `When did this ${word} begin?`);
        question.setHint(option ? option.dataset.beganHint : "");
        question.fieldset.dataset.name = option ? option.dataset.beganName : `The date this ${word} began`;
      } else {
        question.group.hidden = !(dates && question.protocol === this.slug && events.includes(question.event));
      }
    }
    this.submit.dataset.labelWords = `Show this ${word}`;
    this.submit.textContent = dates ? this.submit.dataset.labelDates : this.submit.dataset.labelWords;
  }

  shownDateQuestions() {
    return this.dates.filter((q) => q !== this.start && !q.group.hidden);
  }

  /** Fill the form from a `#protocol=` fragment; false if it names another calculator's protocol. */
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
    this.datesFor = pick ? `${this.slug} ${pick.value}` : null;
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
    else if (!stage) errors.push({ field: "stage", message: `Select the ${this.stageWord()} you are at`, target: firstStage ? firstStage.id : "" });
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

  documentTitle() {
    const option = this.selectedStage() || this.stagesOf(this.slug)[0];
    return option ? option.dataset.document : "";
  }

  formHref(slug, formId) {
    return `${this.siteRoot}forms/${slug}-${formId}/`;
  }

  // ------------------------------------------------------------ errors

  groupFor(error) {
    if (error.question) return error.question.group;
    if (error.field === "protocol" || error.field === "stage" || error.field === "urgent") {
      return this.root.querySelector(`[data-calc-group="${error.field}"]`);
    }
    return null;
  }

  /** Mark one error's field and its message beside it. */
  markError(error) {
    const group = this.groupFor(error);
    if (!group) return;
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

  showErrors(errors, { focus = true } = {}) {
    this.clearErrors();
    if (!errors.length) return;
    for (const error of errors) this.markError(error);
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
    if (field === "protocol") return { field, message: readerMessage(reply, this.start), target: this.protocolSelect.id };
    if (field === "urgent") {
      const choice = this.root.querySelector('[data-calc-group="urgent"] input');
      return { field, message: readerMessage(reply, this.start), target: choice ? choice.id : "" };
    }
    if (field === "stage" || !dated) {
      const first = this.selectedStage() || this.stagesOf(this.slug)[0];
      return { field: "stage", message: readerMessage(reply, this.start), target: first ? first.id : "" };
    }
    const shown = this.shownDateQuestions();
    const question = shown.find((q) => q.event === field) || (field === "dates" && shown[0]) || this.start;
    return { field: question.event, question, message: readerMessage(reply, question),
      parts: ["day", "month", "year"], target: question.day.id };
  }
}

/** The engine's message for a reply it could not answer, as the form says it. */
function readerMessage(reply, question = null) {
  if (reply.covers_text) return `${question ? question.name : DATE_NAME} must be ${reply.covers_text}`;
  const text = reply.error || "The calculator could not answer";
  return text.charAt(0).toUpperCase() + text.slice(1);
}
