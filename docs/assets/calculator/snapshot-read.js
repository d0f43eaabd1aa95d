// Reads the memory snapshot's file from the browser's HTTP cache alone
// (never from the network), checked against the integrity hash the build
// wrote, and unpacks it into the snapshot's bytes (snapshot-file.js).
//
// Used by snapshot-reader.js (the worker the page starts to do this beside
// Pyodide's start) and by worker.js, which takes the reader's answer
// (answerFrom), or asks the cache itself where the page could not start the
// reader (askCache).

import { base, manifest } from "../manifest.js";
import { unpackSnapshot, unpackSnapshotStream } from "./snapshot-file.js";

/** Why the snapshot could not be read: `stage` is "read" (not held, or not the build's bytes) or "unpack". */
export class SnapshotReadError extends Error {
  constructor(stage, message) {
    super(message);
    this.stage = stage;
  }
}

/** A fetch's options that ask the browser's HTTP cache alone (see worker.js for where that is kept to). */
export const CACHED_ONLY = { cache: "only-if-cached", mode: "same-origin", credentials: "same-origin" };

/** Whether the browser's HTTP cache alone answers for `url` (its body left unread). */
function inCache(url, fetchFile) {
  return fetchFile(url, CACHED_ONLY).then(
    (response) => {
      if (response.body) response.body.cancel();
      return response.ok;
    },
    () => false,  // not in the cache
  );
}

/**
 * Whether this browser keeps `cache: "only-if-cached"` to its HTTP cache,
 * asked for `probe`, an address of this site never fetched before: Chromium
 * and Firefox fail at once without a request, while WebKit ignores the
 * option and fetches it from the server. Where it is ignored, asking for the
 * snapshot "only if cached" would download it.
 */
export function cacheOnlyKept(probe, fetchFile = fetch) {
  return inCache(probe, fetchFile).then((answered) => !answered);
}

/**
 * What the HTTP cache holds of the build's snapshot (manifest.js): {kept:
 * whether the browser keeps "only-if-cached" to its cache (cacheOnlyKept,
 * asked for manifest.js with a query made for this call), held: whether the
 * cache holds the snapshot's file (asked only where kept), bytes: where
 * held, a promise of the snapshot's bytes (readCachedSnapshot), else null}.
 * Run by snapshot-reader.js, or by worker.js itself where the page could not
 * start that reader. Only with a snapshot in the manifest.
 */
export async function askCache(fetchFile = fetch) {
  const snapshot = manifest.pyodide.snapshot;
  const url = new URL(snapshot.file, new URL(manifest.pyodide.path, base)).href;
  const probe = new URL(`manifest.js?cache-probe=${Date.now()}-${Math.random().toString(36).slice(2)}`, base).href;
  const kept = await cacheOnlyKept(probe, fetchFile);
  const held = kept && await inCache(url, fetchFile);
  return { kept, held, bytes: held ? readCachedSnapshot(url, snapshot.integrity, snapshot.length, fetchFile) : null };
}

/**
 * askCache's answer as the snapshot's reader (snapshot-reader.js) sends it
 * on `port`: a promise of {kept, held, bytes} (bytes: a promise, or null),
 * or of null if `stopped` (a promise: the reader stopped) resolves before
 * the reader has answered; bytes then reject with a SnapshotReadError.
 */
export function answerFrom(port, stopped) {
  let give;
  let refuse;
  const bytes = new Promise((resolve, reject) => { give = resolve; refuse = reject; });
  bytes.catch(() => {});  // handled by whoever takes them
  return new Promise((answer) => {
    port.onmessage = (event) => {
      const data = event.data || {};
      if (typeof data.held === "boolean") answer({ kept: Boolean(data.kept), held: data.held, bytes: data.held ? bytes : null });
      else if (data.bytes) give(data.bytes);
      else refuse(new SnapshotReadError(data.stage || "read", data.error));
    };
    stopped.then(() => {
      answer(null);
      refuse(new SnapshotReadError("read", "the snapshot's reader stopped"));
    });
  });
}

/** The SHA-256 digest an integrity value ("sha256-" and base64) names, as bytes; null for any other. */
function sha256Of(integrity) {
  const match = /^sha256-([A-Za-z0-9+/]+={0,2})$/.exec(String(integrity).trim());
  if (!match) return null;
  try {
    return Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0));
  } catch (error) {
    return null;
  }
}

/** Whether the bytes of `chunks` (Uint8Arrays, in order) have the SHA-256 digest `expected`. */
async function digestMatches(chunks, expected) {
  const file = await new Blob(chunks).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", file));
  return digest.length === expected.length && digest.every((b, i) => b === expected[i]);
}

/**
 * The snapshot's bytes (a Uint8Array of `length`), from the file at `url`
 * as the HTTP cache holds it; rejects with a SnapshotReadError. `fetchFile`:
 * the browser's own fetch (worker.js passes it, since it wraps the global
 * one to count downloads and to report a network failure, neither of which
 * a read from the cache is).
 *
 * Where the page can compute a digest (crypto.subtle: a secure context,
 * https or localhost), the file is unpacked as it is read from the cache and
 * its SHA-256 checked once it is all in; the bytes are given only if it
 * matches. Elsewhere (an intranet served over http) the fetch itself checks
 * the integrity value, and unpacking waits for the whole file.
 */
export async function readCachedSnapshot(url, integrity, length, fetchFile = fetch) {
  const expected = sha256Of(integrity);
  if (!expected || typeof crypto !== "object" || !crypto.subtle) {
    return readWhole(url, integrity, length, fetchFile);
  }
  let response;
  try {
    response = await fetchFile(url, CACHED_ONLY);
    if (!response.ok || !response.body) throw new Error(String(response.status));
  } catch (error) {
    throw new SnapshotReadError("read", String((error && error.message) || error));
  }
  const chunks = [];
  const tap = new TransformStream({
    transform(chunk, controller) {
      chunks.push(chunk);
      controller.enqueue(chunk);
    },
  });
  let unpackError = null;
  const bytes = await unpackSnapshotStream(response.body.pipeThrough(tap), new Uint8Array(length)).catch((error) => {
    unpackError = error;
    return null;
  });
  const matches = await digestMatches(chunks, expected).catch(() => false);
  if (!matches) throw new SnapshotReadError("read", "the snapshot is not the build's file");
  if (!bytes) throw new SnapshotReadError("unpack", String((unpackError && unpackError.message) || unpackError));
  return bytes;
}

/** The snapshot's bytes, the fetch checking the integrity value over the whole file before it is unpacked. */
async function readWhole(url, integrity, length, fetchFile) {
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
