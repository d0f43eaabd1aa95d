// Build-time work on the Pyodide runtime, run under Node by build/bundle/node.py
// with the same npm package `pyodide` the browser gets:
//
//   node build/pyodide_runtime.mjs probe JOB.json
//     Starts Pyodide with its full standard library, unpacks the calculator's
//     wheel, imports every module in it, loads the protocols and tables and
//     asks every stage of every protocol (and the questions the calculator
//     refuses, so that the error paths run too), then lists the standard
//     library files the interpreter imported, each compiled to bytecode by
//     this same interpreter. build/bundle/stdlib.py writes the trimmed zip from it.
//
//   node build/pyodide_runtime.mjs snapshot JOB.json
//     Starts Pyodide from the trimmed zip with `_makeSnapshot`, unpacks the
//     wheel and imports every module of the calculator, and takes a memory
//     snapshot before any protocol is loaded (so a protocol edit does not
//     change it), restores it in a second interpreter without the wheel's
//     files (as the browser does), and asks every question on both paths:
//     the answers must be the same. The restore is from the file as shipped
//     (the snapshot's blocks that are not all zeros, gzip-compressed),
//     unpacked in Pyodide's fsInit step by the module the browser uses
//     (docs/assets/calculator/snapshot-file.js). Writes the file only then.
//
//   node build/pyodide_runtime.mjs compress JOB.json
//     Writes gzip (level 9) or brotli copies of files, with
//     Node's own zlib: JOB.json is {files: [{src, out, kind: "gz" | "br", quality}]}.
//
// JOB.json: {pyodide, wheel, protocols, nonworking, stdlib, lock, out}.
// Prints one line of JSON on success; on failure one line on stderr and exit 1.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";

// The snapshot's file format, the same module the browser's worker unpacks it with.
import { packSnapshot, restoreOptions, unpackSnapshot } from "../docs/assets/calculator/snapshot-file.js";

const [command, jobPath] = process.argv.slice(2);
const job = JSON.parse(await readFile(jobPath, "utf8"));

async function pyodideLoader() {
  const { loadPyodide } = await import(pathToFileURL(path.join(job.pyodide, "pyodide.mjs")).href);
  return loadPyodide;
}

// The questions asked on every path: each stage of each protocol, urgent and
// not, and input the calculator refuses.
const QUESTIONS = String.raw`
import json
import calculator.browser as browser

def questions(protocols):
    start = "2026-12-22"
    for slug, data in protocols.items():
        for stage in data.get("stages", []):
            for urgent in (False, True):
                yield {"slug": slug, "stage": str(stage["id"]), "start": start, "urgent": urgent,
                       "dates": {}, "today": start}
    first = next(iter(protocols), "none")
    yield {"slug": "no-such-protocol", "stage": "1", "start": start, "urgent": False, "dates": {}, "today": start}
    yield {"slug": first, "stage": "no-such-stage", "start": start, "urgent": False, "dates": {}, "today": start}
    for bad in ("2026-02-30", "1900-01-01", "not a date"):
        yield {"slug": first, "stage": "1", "start": bad, "urgent": False, "dates": {}, "today": start}

def answers(protocols_json, tables_json):
    browser.load(protocols_json, tables_json)
    return json.dumps([browser.ask(json.dumps(q)) for q in questions(json.loads(protocols_json))])
`;

async function files() {
  return {
    wheel: new Uint8Array(await readFile(job.wheel)),
    protocols: await readFile(job.protocols, "utf8"),
    nonworking: await readFile(job.nonworking, "utf8"),
  };
}

function quiet() {
  return { stdout: () => {}, stderr: () => {} };
}

// Every module of the calculator imported, whether or not the browser's entry imports it now.
const IMPORT_ALL = String.raw`
import importlib, pkgutil, calculator
for info in pkgutil.walk_packages(calculator.__path__, "calculator."):
    importlib.import_module(info.name)
`;

/** Every answer, as JSON; `unpack: false` asks without the wheel's files (a start from the snapshot has none). */
async function calculatorAnswers(pyodide, data, { unpack = true } = {}) {
  if (unpack) pyodide.unpackArchive(data.wheel, "wheel");
  pyodide.runPython(QUESTIONS, { globals: pyodide.globals });
  return pyodide.globals.get("answers")(data.protocols, data.nonworking);
}

async function probe() {
  const loadPyodide = await pyodideLoader();
  const data = await files();
  const pyodide = await loadPyodide({ indexURL: job.pyodide + "/", lockFileContents: job.lock, ...quiet() });
  await calculatorAnswers(pyodide, data);
  pyodide.runPython(IMPORT_ALL);
  // A Python exception reaching JavaScript is formatted with traceback.
  try { pyodide.runPython("raise ValueError('probe')"); } catch (error) { /* expected */ }
  const listing = pyodide.runPython(String.raw`
import importlib.util, json, marshal, sys
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
found = {}
for name, module in list(sys.modules.items()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    if isinstance(origin, str) and origin.startswith(prefix) and origin.endswith(".py"):
        found[origin[len(prefix):]] = origin
out = []
for rel, origin in sorted(found.items()):
    import zipimport
    source = zipimport.zipimporter(prefix[:-1]).get_data(origin)
    code = compile(source, origin, "exec", dont_inherit=True, optimize=0)
    pyc = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source) + marshal.dumps(code)
    out.append([rel, len(source), pyc.hex()])
json.dumps({"zip": prefix[:-1].rsplit("/", 1)[-1], "files": out})
`);
  const parsed = JSON.parse(listing);
  await writeFile(job.out, JSON.stringify(parsed));
  return { modules: parsed.files.length };
}

async function snapshot() {
  const loadPyodide = await pyodideLoader();
  const data = await files();
  const options = { indexURL: job.pyodide + "/", lockFileContents: job.lock, stdLibURL: job.stdlib, ...quiet() };
  const normal = await loadPyodide(options);
  const expected = await calculatorAnswers(normal, data);

  // Every module of the calculator imported (compiled) before the snapshot,
  // its data not loaded: the snapshot changes with the calculator's code,
  // never with a protocol. A start from it needs none of the wheel's files.
  const maker = await loadPyodide({ ...options, _makeSnapshot: true });
  maker.unpackArchive(data.wheel, "wheel");
  maker.runPython(IMPORT_ALL);
  const bytes = maker.makeMemorySnapshot();
  // Shipped packed and gzip-compressed; restored here from that file, as the browser restores it.
  const file = new Uint8Array(zlib.gzipSync(packSnapshot(bytes), { level: 9 }));
  const unpacked = await unpackSnapshot(file, new Uint8Array(bytes.length));
  if (Buffer.compare(unpacked, bytes) !== 0) {
    return { written: false, size: bytes.length, reason: "unpacking the packed file did not give it back" };
  }

  let restoredAnswers;
  try {
    // Restored as the browser restores it: the file unpacked in Pyodide's fsInit step.
    let unpackError = null;
    const restoring = restoreOptions(unpackSnapshot(file, new Uint8Array(bytes.length)), bytes.length, {
      failed: (error) => { unpackError = error; },
    });
    const restored = await loadPyodide({ ...options, ...restoring });
    if (unpackError) throw unpackError;
    // Asked as the browser asks on that path: without the wheel's files.
    restoredAnswers = await calculatorAnswers(restored, data, { unpack: false });
  } catch (error) {
    return { written: false, size: bytes.length, reason: `restoring it failed (${String(error.message || error).split("\n")[0]})` };
  }
  if (restoredAnswers !== expected) {
    return { written: false, size: bytes.length, reason: "the answers after restoring it differ from the normal start's" };
  }
  await writeFile(job.out, file);
  return { written: true, size: bytes.length, file: file.length, questions: JSON.parse(expected).length };
}

async function compress() {
  const gzip = promisify(zlib.gzip);
  const brotli = promisify(zlib.brotliCompress);
  // zlib's asynchronous calls run on libuv's thread pool: the files compress side by side.
  await Promise.all(job.files.map(async ({ src, out, kind, quality }) => {
    const bytes = await readFile(src);
    const packed = kind === "br"
      ? await brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
      : await gzip(bytes, { level: 9 });
    await writeFile(out, packed);
  }));
  return { files: job.files.length };
}

const COMMANDS = { probe, snapshot, compress };

try {
  const result = COMMANDS[command] ? await COMMANDS[command]() : null;
  if (!result) throw new Error(`unknown command ${command}`);
  process.stdout.write(JSON.stringify(result) + "\n");
} catch (error) {
  process.stderr.write(`${String((error && error.message) || error).split("\n")[0]}\n`);
  process.exit(1);
}
