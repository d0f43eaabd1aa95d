// The calculator's worker: starts Pyodide off the main thread, installs the
// handbook's own wheel, loads the protocols and non-working-day tables the
// build shipped, and answers questions with calculator.browser.
//
// Messages in:  {type: "start"}, {type: "answer", id, slug, stage, start, urgent}
// Messages out: {type: "ready", pyodide, timings}, {type: "failed", message},
//               {type: "answer", id, json}
// Every file comes from this site; nothing is stored anywhere.

const here = new URL("./", import.meta.url);
let calculator = null;
let starting = null;

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin", cache: "default" });
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  return as === "json" ? response.json() : response.text();
}

async function start() {
  const t0 = performance.now();
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  const manifest = await fetchOk(new URL("manifest.json", here), "json");
  const runtime = new URL(manifest.pyodide.path, here);
  // The data downloads while Pyodide starts.
  const data = Promise.all([
    fetchOk(new URL(manifest.calculator.protocols, here), "text"),
    fetchOk(new URL(manifest.calculator.nonworking, here), "text"),
  ]);
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({
    indexURL: runtime.href,
    stdout: () => {},
    stderr: () => {},
  });
  const tPyodide = performance.now();
  await pyodide.loadPackage(new URL(manifest.calculator.wheel, here).href, {
    messageCallback: () => {},
    errorCallback: (message) => { throw new Error(message); },
    checkIntegrity: false,
  });
  const browser = pyodide.pyimport("calculator.browser");
  const [protocols, tables] = await data;
  browser.load(protocols, tables);
  calculator = browser;
  return {
    pyodide: manifest.pyodide.version,
    timings: { pyodide_ms: tPyodide - t0, ready_ms: performance.now() - t0 },
  };
}

function answer({ id, slug, stage, start: startIso, urgent }) {
  let json;
  try {
    json = calculator.answer(slug, stage, startIso, Boolean(urgent));
  } catch (error) {
    json = JSON.stringify({ error: `The calculator failed: ${String(error.message || error).split("\n").pop()}` });
  }
  postMessage({ type: "answer", id, json });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    if (!starting) {
      starting = start().then(
        (info) => postMessage({ type: "ready", ...info }),
        (error) => postMessage({ type: "failed", message: String((error && error.message) || error) }),
      );
    }
  } else if (message.type === "answer") {
    if (calculator) answer(message);
    else starting.then(() => calculator && answer(message));
  }
};
