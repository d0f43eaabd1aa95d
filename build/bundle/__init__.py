"""The browser calculator's bundle: what the calculator needs in the reader's browser, copied into the site.

A page never asks another host for anything. `assemble.bundle_calculator()`
is the whole interface (the plugin calls it after the pages are built); each
of its parts is a module of its own:

- `runtime`: the Pyodide runtime, from the npm package `pyodide` pinned by
  package-lock.json, into `assets/pyodide/<version>/` (a versioned path, so a
  web server may cache it for ever);
- `wheel`: a pure-Python wheel of the whole `calculator` package, made by a
  standard PEP 517 build of a small project generated for it (the same
  py3-none-any wheel `pyodide build` would make), into `assets/calculator/`;
- `stdlib`: a trimmed standard library, only the modules the calculator and
  Pyodide's own start-up import, found by running them under Node
  (`node`, build/pyodide_runtime.mjs), compiled to bytecode by that same
  interpreter, in a zip named after its contents beside the runtime;
- `snapshot`: a memory snapshot of Pyodide taken after start-up and the
  import of the calculator's modules, before any protocol is loaded, for a
  repeat visit (left out with a warning when its check fails);
- `precompress`: `.gz` and `.br` copies beside the large files, for servers
  that serve them (docs/deploy/);
- `data`: the protocols and the non-working-day tables as JSON;
- `manifest`: versions, file names and sizes, as JSON and as a module
  (`manifest.js`) that the page and the calculator's worker import.

What is slow to make is cached under `.cache/` (`cache`), so rebuilds during
`handbook serve` stay fast.
"""
