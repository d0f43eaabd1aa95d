// The calculator's worker: starts Pyodide off the main thread, unpacks the
// handbook's own wheel, loads the protocols and non-working-day tables the
// build shipped, and answers questions with calculator.browser.
//
// The page creates this worker only when a reader reaches or touches a
// calculator (or opens a `#protocol=` link), and it starts work at once: the
// wheel and the data download while Pyodide starts, not after.
//
// Messages in:  {type: "start"}, {type: "module", module} (Pyodide's binary,
//               compiled by compiler.js, or null), {type: "answer", id, question} (question: {slug, stage, start,
//               urgent: true|false|null, dates: {event: "YYYY-MM-DD"}, today})
// Messages out: {type: "ready", pyodide, timings} (timings: when the start
//               began, Pyodide was ready and the calculator loaded, as
//               epoch milliseconds), {type: "failed", message},
//               {type: "answer", id, json}
// Every file comes from this site; nothing is stored anywhere.

// runtime.js is written by the build: it re-exports Pyodide's loader from the
// versioned runtime and carries the manifest (file names, versions).
import { loadPyodide, manifest } from "./runtime.js";
import { useCompiledModule } from "./compiled-module.js";

const here = new URL("./", import.meta.url);
let calculator = null;
let starting = null;

// Pyodide's WebAssembly module as compiler.js compiled it (null: fetch it here).
let giveModule;
const compiledModule = new Promise((resolve) => { giveModule = resolve; });

async function fetchOk(name, as) {
  const url = new URL(name, here);
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  return as === "bytes" ? response.arrayBuffer() : response.text();
}

async function start() {
  const t0 = performance.now();
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  const files = manifest.calculator;
  const indexURL = new URL(manifest.pyodide.path, here).href;
  useCompiledModule(new URL("pyodide.asm.wasm", indexURL).href, compiledModule);
  // The wheel and the data download while Pyodide starts.
  const downloads = Promise.all([
    fetchOk(files.wheel, "bytes"),
    fetchOk(files.protocols, "text"),
    fetchOk(files.nonworking, "text"),
  ]);
  downloads.catch(() => {});  // reported below, after Pyodide
  const pyodide = await loadPyodide({
    indexURL,
    stdout: () => {},
    stderr: () => {},
  });
  performance.mark("pyodide-ready");
  const tPyodide = performance.now();
  const [wheel, protocols, tables] = await downloads;
  // The wheel is pure Python: unpacking it into the working directory (first
  // on sys.path) is all an install needs, without loadPackage's lock-file work.
  pyodide.unpackArchive(wheel, "wheel");
  const browser = pyodide.pyimport("calculator.browser");
  performance.mark("calculator-imported");
  browser.load(protocols, tables);
  performance.mark("calculator-loaded");
  calculator = browser;
  return {
    pyodide: manifest.pyodide.version,
    timings: {
      start: performance.timeOrigin + t0,
      pyodide: performance.timeOrigin + tPyodide,
      ready: performance.timeOrigin + performance.now(),
    },
  };
}

function answer({ id, question }) {
  let json;
  try {
    json = calculator.ask(JSON.stringify(question));
  } catch (error) {
    json = JSON.stringify({ error: `The calculator failed: ${String(error.message || error).split("\n").pop()}` });
  }
  postMessage({ type: "answer", id, json });
}

function begin() {
  if (!starting) {
    starting = start().then(
      (info) => postMessage({ type: "ready", ...info }),
      (error) => postMessage({ type: "failed", message: String((error && error.message) || error) }),
    );
  }
  return starting;
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "module") {
    giveModule(message.module || null);
  } else if (message.type === "start") {
    begin();
  } else if (message.type === "answer") {
    if (calculator) answer(message);
    else begin().then(() => calculator && answer(message));
  }
};

// The page makes this worker only to use it: start without waiting for a message.
begin();
