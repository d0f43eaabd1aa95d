// Reads the memory snapshot's file from the browser's HTTP cache alone
// (never from the network), checked against the integrity hash the build
// wrote, and unpacks it into the snapshot's bytes (snapshot-file.js).
//
// Used by snapshot-reader.js, the worker that does this beside Pyodide's
// start, and by worker.js itself where a worker cannot start another.

import { unpackSnapshot } from "./snapshot-file.js";

/** Why the snapshot could not be read: `stage` is "read" (not held, or not the build's bytes) or "unpack". */
export class SnapshotReadError extends Error {
  constructor(stage, message) {
    super(message);
    this.stage = stage;
  }
}

/** A fetch's options that ask the browser's HTTP cache alone (see worker.js for where that is kept to). */
export const CACHED_ONLY = { cache: "only-if-cached", mode: "same-origin", credentials: "same-origin" };

/**
 * The snapshot's bytes (a Uint8Array of `length`), from the file at `url`
 * as the HTTP cache holds it; rejects with a SnapshotReadError. `fetchFile`:
 * the browser's own fetch (worker.js passes it, since it wraps the global
 * one to count downloads and to report a network failure, neither of which
 * a read from the cache is).
 */
export async function readCachedSnapshot(url, integrity, length, fetchFile = fetch) {
  let file;
  try {
    const response = await fetchFile(url, { ...CACHED_ONLY, integrity });
    if (!response.ok) throw new Error(String(response.status));
    file = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new SnapshotReadError("read", String((error && error.message) || error));
  }
  try {
    return await unpackSnapshot(file, new Uint8Array(length));
  } catch (error) {
    throw new SnapshotReadError("unpack", String((error && error.message) || error));
  }
}
