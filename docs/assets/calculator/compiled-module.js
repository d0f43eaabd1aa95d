// Lets Pyodide's loader, inside a worker, instantiate a WebAssembly.Module
// that was compiled elsewhere (by compiler.js) instead of fetching and
// compiling the binary again.
//
// Pyodide's loader fetches the binary and calls
// WebAssembly.instantiateStreaming on the response; both are answered here
// for that one URL, and everything else passes through. If the module
// promise gives null, the binary is fetched and compiled as usual.
//
// Used by worker.js (and by the browser benchmark's reference page, so that
// its "Pyodide alone" figure is measured the same way).

export function useCompiledModule(wasmUrl, compiledModule) {
  const fetchFile = self.fetch.bind(self);
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const compiled = new Map();
  self.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
    if (url !== wasmUrl) return fetchFile(input, init);
    return compiledModule.then((module) => {
      if (!module) return fetchFile(input, init);
      const standIn = new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
      compiled.set(standIn, module);
      return standIn;
    });
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    const module = compiled.get(response);
    if (!module) return instantiateStreaming(response, imports);
    const instance = await WebAssembly.instantiate(module, imports);
    return { module, instance };
  };
}
