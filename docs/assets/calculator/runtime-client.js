// The calculator's runtime client: starts the worker where Python runs
// (worker.js), the compiler of Pyodide's binary (compiler.js), the reader of
// the memory snapshot (snapshot-reader.js) and, after a first answer, the
// worker that prepares the next visit (warm-start.js), follows
// their progress, gives up on a stall, and carries questions to the worker and
// its answers back. It knows nothing of the page: listeners (`runtime.on`)
// hear "starting", "progress", "ready" and "failed".

import { base, manifest } from "../manifest.js";

// No limit on the whole start while bytes keep arriving: a slow network is
// not a failure. The calculator gives up only when nothing has arrived for
// STALL_SECONDS while files are still downloading, or when, with everything
// downloaded, Python has not started within STARTING_SECONDS.
const STALL_SECONDS = 20;
const STARTING_SECONDS = 60;

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
    this.compiler = null;
    this.reader = null;
    this.state = "idle";
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
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
    if (this.reader) this.reader.terminate();
    this.worker = null;
    this.compiler = null;
    this.reader = null;
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
      // The smallest valid module, compiled and instantiated: where a policy
      // blocks WebAssembly, Chromium and Firefox refuse the compiling and
      // WebKit only the instantiating, either at once.
      new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
    } catch (error) {
      this.fail("WebAssembly is blocked here", "blocked");
      return;
    }
    if (typeof Worker !== "function") {
      this.fail("this browser does not run web workers", "blocked");
      return;
    }
    this.worker = startWorker("./worker.js", "calculator");
    if (!this.worker) {
      this.fail("the calculator's worker could not start");
      return;
    }
    this.watch();
    this.compileRuntime();
    this.readSnapshot();
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
        this.emit("ready", message);
      } else if (message.type === "snapshot kept") {
        performance.mark("calculator-snapshot-kept");
      } else if (message.type === "warm start") {
        startWorker("./warm-start.js", "calculator-warm-start");
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
    const url = new URL(`${manifest.pyodide.path}pyodide.asm.wasm`, base);
    const give = (module) => { if (this.worker) this.worker.postMessage({ type: "module", module }); };
    const compiler = startWorker("./compiler.js", "calculator-compiler", "classic");
    if (!compiler) {
      give(null);
      return;
    }
    this.compiler = compiler;
    const finish = (module) => {
      if (this.compiler !== compiler) return;  // already finished, or the calculator failed
      // With a module, the compiler stays a while for the browser's cache of
      // its compiled code, and then closes itself (compiler.js).
      if (!module) compiler.terminate();
      this.compiler = null;
      // Compiled means every byte of the binary arrived (its count may not have been sent).
      if (module) this.progress("pyodide.asm.wasm", this.sizes["pyodide.asm.wasm"] || 0);
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

  /**
   * Start the snapshot's reader (snapshot-reader.js) beside the calculator's
   * worker, the two joined by a MessageChannel: it asks the HTTP cache for
   * the snapshot and reads it while Pyodide starts. Every worker is started
   * here, by the page: a worker started by the calculator's worker now and
   * then never started in Firefox, and the calculator hung with it. Without
   * a reader, the calculator's worker asks the cache itself.
   */
  readSnapshot() {
    const worker = this.worker;
    const channel = manifest.pyodide.snapshot && typeof MessageChannel === "function" ? new MessageChannel() : null;
    const reader = channel && startWorker("./snapshot-reader.js", "calculator-snapshot");
    if (!reader) {
      worker.postMessage({ type: "snapshot reader", port: null });
      return;
    }
    this.reader = reader;
    reader.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      if (this.worker === worker) worker.postMessage({ type: "snapshot reader stopped" });
    };
    reader.postMessage({ port: channel.port2 }, [channel.port2]);
    worker.postMessage({ type: "snapshot reader", port: channel.port1 }, [channel.port1]);
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

/** A worker of the calculator's (a module worker unless `type` says "classic"), or null where it cannot start. */
function startWorker(file, name, type = "module") {
  try {
    return new Worker(new URL(file, import.meta.url), { type, name });
  } catch (error) {
    return null;
  }
}

/** The one runtime every calculator on the page shares. */
export const runtime = new Runtime();

/**
 * Tell the page the calculator has settled (its first answer is shown, or
 * it failed): theme-later.js then lets the theme's script start.
 */
export function settled() {
  document.dispatchEvent(new Event("handbook:calculator-settled"));
}
