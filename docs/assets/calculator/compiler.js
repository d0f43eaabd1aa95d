// Compiles Pyodide's WebAssembly binary for the calculator, off the page's
// thread, and hands the compiled module back; then it closes.
//
// Why a worker of its own: compiling streams the binary through the browser's
// compiled-code cache, and the chunks of that work run on the thread that
// asked for them. Asked from the page, they were long tasks on the page's
// thread; asked from the calculator's worker, the module came out much slower
// to run there on a revisit. A separate worker keeps both fast (figures in
// tests/bench_browser.py's output and ARCHITECTURE.md).
//
// Message in:  the binary's URL (same site).
// Message out: a WebAssembly.Module, or null if it could not be compiled
//              (the calculator's worker then fetches the binary itself and
//              reports any failure).

self.onmessage = async (event) => {
  let module = null;
  try {
    const url = new URL(String(event.data), self.location.href);
    if (url.origin !== self.location.origin) throw new Error("not this site's file");
    module = await WebAssembly.compileStreaming(fetch(url, { credentials: "same-origin" }));
  } catch (error) {
    module = null;
  }
  self.postMessage(module);
  self.close();
};
