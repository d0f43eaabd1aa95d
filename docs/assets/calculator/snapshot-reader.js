// The worker that asks the HTTP cache for the memory snapshot and reads,
// checks and unpacks it (snapshot-read.js) while the calculator's worker
// starts Pyodide, so that neither job waits for the other's thread: reading
// 5 MB from the HTTP cache and inflating it took about 70 ms of the
// calculator's worker's own time on a repeat visit.
//
// The page starts it beside the calculator's worker (runtime-client.js) and
// joins the two with a MessageChannel: a worker started by the calculator's
// worker itself now and then never started in Firefox, and the calculator's
// worker hung with it. The unpacked bytes go over the channel without a copy
// (a transfer).
//
// Message in:  {port} (this worker's end of the channel).
// Messages out, on the port: {kept, held} (askCache: whether the browser keeps
//               "only-if-cached" to its cache, and whether the cache holds the
//               file); then, where held, {bytes} (a Uint8Array of the
//               snapshot's length) or {error, stage}. Then it closes.

import { manifest } from "../manifest.js";
import { askCache } from "./snapshot-read.js";

self.onmessage = async (event) => {
  const port = event.data && event.data.port;
  if (!port || !manifest.pyodide.snapshot) {
    self.close();
    return;
  }
  let answer;
  try {
    answer = await askCache();
  } catch (error) {
    answer = { kept: false, held: false, bytes: null };  // the calculator starts the normal way
  }
  const { kept, held, bytes } = answer;
  port.postMessage({ kept, held });
  if (held) {
    try {
      const unpacked = await bytes;
      port.postMessage({ bytes: unpacked }, [unpacked.buffer]);
    } catch (error) {
      port.postMessage({ error: String((error && error.message) || error), stage: (error && error.stage) || "read" });
    }
  }
  self.close();
};
