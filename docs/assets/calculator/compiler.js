// Compiles Pyodide's WebAssembly binary for the calculator, off the page's
// thread, and hands the compiled module back; then it stays a minute, for
// the browser to write the module's compiled code to its cache from here,
// and closes.
//
// Why a worker of its own: compiling streams the binary through the browser's
// compiled-code cache, and the chunks of that work run on the thread that
// asked for them. Asked from the page, they were long tasks on the page's
// thread; asked from the calculator's worker, the module came out much slower
// to run there on a revisit. A separate worker keeps both fast (figures in
// tests/bench_browser.py's output and ARCHITECTURE.md).
//
// A copy of the binary's bytes is counted as it arrives, so the page's
// progress bar can show it (it is most of what a first visit downloads).
//
// Message in:  the binary's URL (same site).
// Messages out: {progress: bytes received so far} (every 100 ms at most, and
//               at the end), then a WebAssembly.Module as soon as it is
//               compiled (the last progress may not have been sent), or
//               null if it could not be compiled (the calculator's worker
//               then fetches the binary itself and reports any failure).

const PROGRESS_EVERY_MS = 100;
const KEEP_FOR_CACHE_MS = 60_000;

/**
 * Count the bytes of the response's body as they arrive, from a copy of it:
 * the response itself goes to compileStreaming unchanged, so the browser's
 * compiled-code cache, keyed by its URL, keeps working on the next visit.
 */
async function count(copy) {
  if (!copy.body) return;
  const reader = copy.body.getReader();
  let received = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      self.postMessage({ progress: received });
    }
  }
  self.postMessage({ progress: received });
}

self.onmessage = async (event) => {
  let module;
  try {
    const url = new URL(String(event.data), self.location.href);
    if (url.origin !== self.location.origin) throw new Error("not this site's file");
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    count(response.clone()).catch(() => {});
    module = await WebAssembly.compileStreaming(response);
  } catch (error) {
    module = null;
  }
  // The module goes as soon as it is compiled, without waiting for the
  // count of the copy to finish: the calculator's start waits for the
  // module, and the page counts the whole binary as received once it has it.
  self.postMessage(module);
  // Then this worker stays a while: the browser writes the module's
  // compiled code to its cache from here, as the calculator's worker runs
  // it, and a worker closed at once left that cache nearly empty (the next
  // visit compiled about 1,200 of its functions again; figures in
  // ARCHITECTURE.md).
  setTimeout(() => self.close(), module ? KEEP_FOR_CACHE_MS : 0);
};
