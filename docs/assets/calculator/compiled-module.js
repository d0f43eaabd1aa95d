// Lets Pyodide's loader, inside a worker, instantiate a WebAssembly.Module
// that was compiled elsewhere (by compiler.js) instead of fetching and
// compiling the binary again.
//
// Pyodide's loader fetches the binary and calls
// WebAssembly.instantiateStreaming on the response; both are answered here
// for that one URL, and everything else passes through. If the module
// promise gives null, the binary is fetched and compiled as usual.
//
// Used by worker.js. requestURL is the one way the code that stands in for
// fetch (here, worker.js, warm-start.js) tells which file is asked for.
//
// compileSmallModulesOnce: Pyodide's start wraps each JavaScript function it
// puts in the WebAssembly table in a tiny module of its own, compiled at
// once on the worker's thread (Emscripten's convertJsFunctionToWasm): 260 of
// them on every start, from 29 distinct byte strings (the bytes depend only
// on the function's signature). A compiled module is immutable and may be
// instantiated any number of times, so each distinct small binary is
// compiled once and the module reused.

/** The absolute URL a fetch's `input` (a Request, a URL or a string) asks for. */
export function requestURL(input) {
  return new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
}

export function useCompiledModule(wasmUrl, compiledModule) {
  const fetchFile = self.fetch.bind(self);
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const compiled = new Map();
  self.fetch = (input, init) => {
    if (requestURL(input) !== wasmUrl) return fetchFile(input, init);
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

/** Largest binary (bytes) whose compiled module is kept for reuse. */
const SMALL_MODULE_BYTES = 256;

export function compileSmallModulesOnce() {
  const Module = WebAssembly.Module;
  const compiled = new Map();
  function OnceModule(bytes, ...rest) {
    if (!new.target) return Module(bytes, ...rest);  // throws Module's own TypeError
    if (new.target !== OnceModule) return Reflect.construct(Module, [bytes, ...rest], new.target);  // a subclass
    const small = rest.length === 0 && bytes instanceof Uint8Array && bytes.byteLength <= SMALL_MODULE_BYTES;
    if (!small) return new Module(bytes, ...rest);
    const key = bytes.join();
    let module = compiled.get(key);
    if (!module) {
      module = new Module(bytes);
      compiled.set(key, module);
    }
    return module;
  }
  // Same prototype (instanceof keeps working) and static functions.
  OnceModule.prototype = Module.prototype;
  Object.setPrototypeOf(OnceModule, Module);
  WebAssembly.Module = OnceModule;
}
