// The worker that reads and unpacks the memory snapshot (snapshot-read.js)
// while the calculator's worker starts Pyodide, so that neither job waits
// for the other's thread: reading 5 MB from the HTTP cache and inflating it
// took about 70 ms of the calculator's worker's own time on a repeat visit.
// The unpacked bytes are handed over without a copy (a transfer).
//
// Message in:  {url, integrity, length}.
// Message out: {bytes} (a Uint8Array of `length`), or {error, stage}; then it closes.

import { readCachedSnapshot } from "./snapshot-read.js";

self.onmessage = async (event) => {
  const { url, integrity, length } = event.data || {};
  try {
    const bytes = await readCachedSnapshot(url, integrity, length);
    self.postMessage({ bytes }, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ error: String((error && error.message) || error), stage: (error && error.stage) || "read" });
  }
  self.close();
};
