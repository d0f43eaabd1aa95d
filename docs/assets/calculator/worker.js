// The calculator's worker: starts Pyodide off the main thread, unpacks the
// handbook's own wheel, loads the protocols and non-working-day tables the
// build shipped, and answers questions with calculator.browser.
//
// The page creates this worker only when a reader reaches or touches a
// calculator (or opens a `#protocol=` link), and it starts work at once:
// every file downloads side by side from the start, each through a reader
// that counts its bytes for the page's progress bar.
//
// Two ways to start Pyodide:
// - from a memory snapshot the build made after Pyodide's start-up and the
//   import of the calculator's modules (no protocol loaded), only when the
//   browser already holds it in its HTTP cache (a first visit never waits
//   for it, nor downloads it: a browser that would fetch it when asked for
//   the cache's copy alone, as WebKit does, always starts the normal way),
//   checked against the integrity hash the build wrote, and
//   unpacked (snapshot-file.js: the file holds the blocks that are not all
//   zeros, gzip-compressed) by a worker of its own (snapshot-reader.js,
//   which the page starts beside this one) while Pyodide starts here; on
//   any error, the normal way instead, in this same worker, with the
//   compiled binary reused. The snapshot holds
//   every module of the calculator already imported, so this start does
//   not unpack the wheel (the build checks every answer that way);
// - the normal way, with the build's trimmed standard library and no lock
//   file download. After the first answer the next visit is prepared: the
//   snapshot is fetched at low priority, for the browser's HTTP cache to
//   hold, and warm-start.js loads Pyodide's JavaScript a second time, for
//   the browser to keep its compiled code.
//
// Messages in:  {type: "start"}, {type: "module", module} (Pyodide's binary,
//               compiled by compiler.js, or null), {type: "snapshot reader",
//               port} (this worker's end of a MessageChannel to the
//               snapshot's reader, or null), {type: "snapshot reader
//               stopped"}, {type: "answer", id, question} (question: {slug, stage, start,
//               urgent: true|false|null, dates: {event: "YYYY-MM-DD"}, today})
// Messages out: {type: "progress", file, received} (bytes of that file so
//               far), {type: "ready", path, snapshot, timings}
//               (path: "snapshot" or "normal"; snapshot: what became of it;
//               timings: when the start began, the snapshot was read (or
//               null), Pyodide was ready and the calculator loaded, as
//               epoch milliseconds), {type: "failed", message, kind} (kind:
//               "network" or "start"), {type: "answer", id, json},
//               {type: "snapshot kept"} (the snapshot fetched after the
//               first answer has been read to its end, for the HTTP cache),
//               {type: "warm start"} (the page is to start warm-start.js)
// Every file comes from this site; nothing is stored anywhere (the browser's
// HTTP cache is its own).

// manifest.js is written by the build: the runtime's path, file names, sizes.
import { base, manifest } from "../manifest.js";
import { compileSmallModulesOnce, requestURL, useCompiledModule } from "./compiled-module.js";
import { restoreOptions } from "./snapshot-file.js";
import { SnapshotReadError, answerFrom, askCache } from "./snapshot-read.js";

const indexURL = new URL(manifest.pyodide.path, base).href;

// Pyodide's loader, from this site's versioned copy: imported while the first
// files download, not before (one round trip fewer before they start).
const loader = import(new URL("pyodide.mjs", indexURL).href).then((module) => module.loadPyodide);
loader.catch(() => {});  // reported where it is awaited
const snapshot = manifest.pyodide.snapshot;
let calculator = null;
let starting = null;
let answered = false;
let path = "normal";

// Pyodide's WebAssembly module as compiler.js compiled it (null: fetch it here).
let giveModule;
const compiledModule = new Promise((resolve) => { giveModule = resolve; });

/** A failure to fetch: the page says the network stopped, and offers a retry. */
class NetworkError extends Error {}

// ------------------------------------------------------------ counted downloads

const PROGRESS_EVERY_MS = 100;
const lastReport = new Map();

function report(file, received, done) {
  const now = performance.now();
  if (!done && now - (lastReport.get(file) || 0) < PROGRESS_EVERY_MS) return;
  lastReport.set(file, now);
  postMessage({ type: "progress", file, received });
}

/** The response with its body passed through a counter of the bytes read. */
function counted(response, file) {
  if (!response.body || typeof TransformStream !== "function") return response;
  let received = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      report(file, received, false);
      controller.enqueue(chunk);
    },
    flush() { report(file, received, true); },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status, statusText: response.statusText, headers: response.headers,
  });
}

const fetchFile = self.fetch.bind(self);

// Any of this site's files failing to arrive ends the start at once (Pyodide
// itself may wait for ever on a binary it could not fetch).
let failNetwork;
const networkFailure = new Promise((resolve, reject) => { failNetwork = reject; });
networkFailure.catch(() => {});

function plainFetch(input, init) {
  return fetchFile(input, init).catch((error) => {
    failNetwork(new NetworkError("the network stopped"));
    throw error;
  });
}

async function download(url, file) {
  let response;
  try {
    response = await plainFetch(url, { credentials: "same-origin" });
  } catch (error) {
    throw new NetworkError(`the network stopped while fetching ${file}`);
  }
  if (!response.ok) throw new NetworkError(`the server answered ${response.status} for ${file}`);
  return counted(response, file);
}

async function bodyOf(responsePromise, as) {
  const response = await responsePromise;
  try {
    return as === "bytes" ? new Uint8Array(await response.arrayBuffer()) : await response.text();
  } catch (error) {
    throw new NetworkError("the network stopped");
  }
}

// Pyodide fetches its files itself; the ones this worker has already asked
// for are handed over, and any other counted file is counted on the way.
const prefetched = new Map();
self.fetch = (input, init) => {
  const url = requestURL(input);
  const waiting = prefetched.get(url);
  if (waiting) {
    prefetched.delete(url);
    return waiting;
  }
  const file = url.split("/").pop();
  if (url.startsWith(indexURL) && manifest.download.files[file] !== undefined) {
    return plainFetch(input, init).then((response) => counted(response, file));
  }
  return plainFetch(input, init);
};

// ------------------------------------------------------------ the snapshot

// What became of the snapshot on this start, for the page's User Timing
// (and the tests): "none" (the build left it out), "not cached", "rejected"
// (not the build's bytes), "restore failed" (it passed the check but could not
// be unpacked or restored), "cache not asked" (the browser ignores
// "only-if-cached", see cacheOnlyKept: the normal start, on every visit) or "used".
let snapshotStatus = snapshot ? "not cached" : "none";
// When the snapshot was read, checked and unpacked into place (performance.now()), if it was.
let snapshotRead = null;

/** The snapshot could not be used: `status` says why, for snapshotStatus. */
class SnapshotError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Whether the browser keeps "only-if-cached" to its cache (see cacheOnlyKept); null until known.
let cacheKept = null;

// The snapshot's reader (snapshot-reader.js), which the page starts beside
// this worker: the page sends this worker's end of the channel to it (null
// where it could not start the reader), and says so if the reader stopped.
// A reader that has neither answered nor sent the bytes READER_PATIENCE_MS
// after this worker got its end counts as stopped: this worker then asks the
// cache itself, or starts the normal way, instead of waiting for ever (on
// a busy two-core machine it answers about 50 ms, and sends the bytes about
// 300 ms, after this worker starts).
const READER_PATIENCE_MS = 5_000;
let giveReaderPort;
const readerPort = new Promise((resolve) => { giveReaderPort = resolve; });
let readerStopped;
const stopped = new Promise((resolve) => { readerStopped = resolve; });

/**
 * The snapshot, if the browser's HTTP cache holds its file: {held: whether
 * it does (known as soon as the cache answers, without reading the body;
 * a first visit does not wait for more), bytes: a promise of its bytes,
 * read from the cache, checked against the integrity hash and unpacked,
 * which rejects with a SnapshotError ("rejected": not held whole, or not
 * the build's bytes; "restore failed": it could not be unpacked); null
 * without a snapshot}. The reader asks the cache (askCache: the whole read
 * only where the cache holds the file, and only where the browser keeps
 * "only-if-cached" to its cache, so a first visit reads nothing); where
 * the page could not start it, or it stopped before it answered, this
 * worker asks the cache itself.
 */
function cachedSnapshot() {
  if (!snapshot) return { held: Promise.resolve(false), bytes: null };
  const asked = readerPort
    .then((port) => (port ? answerFrom(port, stopped) : null))
    .then((answer) => answer || askCache(fetchFile));
  const held = asked.then(({ kept, held: isHeld }) => {
    cacheKept = kept;
    if (!kept) snapshotStatus = "cache not asked";
    return isHeld;
  });
  const bytes = asked
    .then(({ bytes: read }) => read || Promise.reject(new SnapshotReadError("read", "not held")))
    .catch((error) => {
      throw new SnapshotError(error.stage === "unpack" ? "restore failed" : "rejected", error.message);
    });
  bytes.catch(() => {});
  return { held, bytes };
}

/**
 * After the first answer, prepare the next visit: fetch the snapshot at low
 * priority for the HTTP cache (and drop the bytes), and have the page start
 * warm-start.js, which loads Pyodide's JavaScript a second time, so that the
 * browser keeps its compiled code (the page, not this worker: a worker
 * started by another now and then never started in Firefox). Only after a
 * normal start, where the browser keeps "only-if-cached" to its cache
 * (elsewhere the snapshot is never used).
 */
function prepareNextVisit() {
  if (!snapshot || path === "snapshot" || !cacheKept) return;
  fetchFile(new URL(snapshot.file, indexURL), { credentials: "same-origin", priority: "low" })
    .then((response) => (response.ok && response.body ? response.body.pipeTo(new WritableStream()).then(() => true) : false))
    .then((kept) => kept && postMessage({ type: "snapshot kept" }))
    .catch(() => {});
  postMessage({ type: "warm start" });  // the page starts warm-start.js
}

// ------------------------------------------------------------ start-up

async function start() {
  const t0 = performance.now();
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is blocked here");
  const files = manifest.calculator;
  const fromCache = cachedSnapshot();
  // Everything downloads side by side from the start; the standard library
  // is handed to Pyodide when it asks.
  const stdLibURL = new URL(manifest.pyodide.stdlib, indexURL).href;
  const stdlib = download(stdLibURL, manifest.pyodide.stdlib);
  prefetched.set(stdLibURL, stdlib);
  const downloads = Promise.all([
    download(new URL(files.wheel, base), files.wheel).then((r) => bodyOf(r, "bytes")),
    download(new URL(files.protocols, base), files.protocols).then((r) => bodyOf(r, "text")),
    download(new URL(files.nonworking, base), files.nonworking).then((r) => bodyOf(r, "text")),
  ]);
  for (const promise of [downloads, stdlib]) promise.catch(() => {});  // reported below
  useCompiledModule(new URL("pyodide.asm.wasm", indexURL).href, compiledModule);
  compileSmallModulesOnce();
  const options = {
    indexURL, stdLibURL, lockFileContents: manifest.pyodide.lock, stdout: () => {}, stderr: () => {},
  };

  let pyodide = null;
  const held = await fromCache.held;
  // Pyodide's Emscripten module, read through a counter, so that Pyodide's
  // import of it finds it in the HTTP cache; not on a start from the
  // snapshot (the cache has it, and that start is not worth counting).
  const readAsm = () => download(new URL("pyodide.asm.mjs", indexURL), "pyodide.asm.mjs").then((r) => bodyOf(r, "text"));
  let asm = held ? null : readAsm();
  // From the snapshot, Pyodide's module is imported from the HTTP cache
  // without the counter (reading it through the counter first cost time):
  // counted as received, so that the page, with every file in, watches for
  // a start that stalls ("it had not started") instead of a download that
  // stopped ("the network stopped").
  if (held) report("pyodide.asm.mjs", manifest.download.files["pyodide.asm.mjs"] || 0, true);
  let loadPyodide;
  try {
    loadPyodide = await loader;
  } catch (error) {
    throw new NetworkError("the network stopped while fetching pyodide.mjs");
  }
  if (held) {
    // Pyodide's own start (its module, the standard library, the compiled
    // binary) runs while the snapshot is read, checked and unpacked
    // (readSnapshot); the restore waits for it, and fails if it fails.
    let unusable = null;
    try {
      const restoring = restoreOptions(fromCache.bytes, snapshot.length, {
        unpacked: () => { snapshotRead = performance.now(); },
        failed: (error) => { unusable = error; },
      });
      pyodide = await loadPyodide({ ...options, ...restoring });
      path = "snapshot";
      snapshotStatus = "used";
    } catch (error) {
      snapshotStatus = unusable instanceof SnapshotError ? unusable.status : "restore failed";
      pyodide = null;  // another build's snapshot, or a damaged one: start the normal way
      if (!prefetched.has(stdLibURL)) prefetched.set(stdLibURL, download(stdLibURL, manifest.pyodide.stdlib));
      asm = readAsm();
    }
  }
  if (!pyodide) {
    // A failed download ends the start at once: Pyodide itself may wait for ever on one.
    const failure = Promise.race([networkFailure, Promise.all([asm, stdlib, downloads]).then(() => new Promise(() => {}))]);
    await Promise.race([asm, failure]);
    pyodide = await Promise.race([loadPyodide(options), failure]);
  }
  performance.mark("pyodide-ready");
  const tPyodide = performance.now();
  const [wheel, protocols, tables] = await downloads;
  // The wheel is pure Python: unpacking it into the working directory (first
  // on sys.path) is all an install needs, without loadPackage's lock-file work.
  // From the snapshot every module of it is imported already: nothing to unpack.
  if (path !== "snapshot") pyodide.unpackArchive(wheel, "wheel");
  const browser = pyodide.pyimport("calculator.browser");
  performance.mark("calculator-imported");
  browser.load(protocols, tables);
  performance.mark("calculator-loaded");
  calculator = browser;
  return {
    path,
    snapshot: snapshotStatus,
    timings: {
      start: performance.timeOrigin + t0,
      snapshot: snapshotRead === null ? null : performance.timeOrigin + snapshotRead,
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
      (error) => postMessage({
        type: "failed",
        kind: error instanceof NetworkError ? "network" : "start",
        message: String((error && error.message) || error).split("\n")[0],
      }),
    );
  }
  return starting;
}

function answerFirst(message) {
  answer(message);
  if (!answered) {
    answered = true;
    prepareNextVisit();
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "module") {
    giveModule(message.module || null);
  } else if (message.type === "snapshot reader") {
    giveReaderPort(message.port || null);
    if (message.port) setTimeout(readerStopped, READER_PATIENCE_MS);
  } else if (message.type === "snapshot reader stopped") {
    readerStopped();
  } else if (message.type === "start") {
    begin();
  } else if (message.type === "answer") {
    if (calculator) answerFirst(message);
    else begin().then(() => calculator && answerFirst(message));
  }
};

// The page makes this worker only to use it: start without waiting for a message.
begin();
