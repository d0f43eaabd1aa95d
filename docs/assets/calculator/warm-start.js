// A short-lived worker that prepares the next visit's start: it loads
// Pyodide's JavaScript as a start does, up to the point where Pyodide asks
// for its WebAssembly binary, and stops there (the binary is never fetched
// or compiled here, and no Python runs). The page starts it once, when
// worker.js asks after the first answer of a visit that started the normal
// way, beside the snapshot's low-priority fetch.
//
// Why: Chromium keeps the compiled code of a script in its cache only from
// the second time a page loads it, and uses it from the third; on a repeat
// visit, compiling Pyodide's 1.2 MB Emscripten module again was the longest
// step on the calculator's worker. Loaded a second time here, while the
// reader reads the first answer, its compiled code is in the cache for the
// reader's next visit (tests/bench_browser.py; figures in ARCHITECTURE.md).
// Other browsers keep their own caches; this costs them only the work.
//
// Messages out: none. It closes itself a second after Pyodide asks for its
// binary (the browser stores the compiled code in a task of its own once
// the module has run), or after STOP_AFTER_MS in any case.

import { requestURL } from "./compiled-module.js";
import { base, manifest } from "../manifest.js";

const SETTLE_MS = 1000;
const STOP_AFTER_MS = 15000;

const indexURL = new URL(manifest.pyodide.path, base).href;
const binary = new URL("pyodide.asm.wasm", indexURL).href;
const fetchFile = self.fetch.bind(self);

setTimeout(() => self.close(), STOP_AFTER_MS);
self.fetch = (input, init) => {
  if (requestURL(input) !== binary) return fetchFile(input, init);
  setTimeout(() => self.close(), SETTLE_MS);
  return new Promise(() => {});  // the start stops here, for good
};

try {
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  loadPyodide({
    indexURL,
    stdLibURL: new URL(manifest.pyodide.stdlib, indexURL).href,
    lockFileContents: manifest.pyodide.lock,
    stdout: () => {},
    stderr: () => {},
  }).catch(() => {});
} catch (error) {
  self.close();  // nothing to prepare: the next visit compiles as this one did
}
