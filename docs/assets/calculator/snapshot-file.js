// The file the memory snapshot is shipped in, one module for the build that
// writes it (build/pyodide_runtime.mjs) and the worker that reads it.
//
// Pyodide's snapshot is a 31 MB heap, over half of it zeros. The file holds
// the blocks that are not all zeros, gzip-compressed by the build: about
// 5 MB. It is served as it is (no Content-Encoding), so a repeat visit reads
// 5 MB from the HTTP cache and checks its integrity hash, and a worker of
// its own (snapshot-reader.js) inflates it (DecompressionStream), copying
// each block into place as it arrives. Served with Content-Encoding instead, the
// browser's network thread inflated all 31 MB (or 13 MB) before the worker
// could start, while it was also inflating Pyodide's binary and standard
// library for the same start; it was the slowest step of a repeat visit.
//
// Layout of the inflated content, integers unsigned 32-bit little-endian:
//   a header of 16 bytes: the magic "hbs1", the snapshot's length, BLOCK,
//     and the number of blocks in the file;
//   a bitmap, one bit per block of the snapshot (bit i of byte i >> 3,
//     least significant first): 1 where the block is in the file;
//   the blocks that are not all zeros, in order, each BLOCK bytes (the last
//     block of the snapshot padded with zeros to BLOCK).
// The file is that content in gzip's format.

const MAGIC = 0x31736268;  // "hbs1", read little-endian
const HEADER = 16;

/** The content of a snapshot file for the snapshot `bytes` (a Uint8Array), before gzip. */
export function packSnapshot(bytes, block = 4096) {
  const count = Math.ceil(bytes.length / block);
  const bitmap = new Uint8Array(Math.ceil(count / 8));
  const kept = [];
  for (let i = 0; i < count; i++) {
    const part = bytes.subarray(i * block, Math.min((i + 1) * block, bytes.length));
    if (part.some((b) => b !== 0)) {
      bitmap[i >> 3] |= 1 << (i & 7);
      kept.push(part);
    }
  }
  const out = new Uint8Array(HEADER + bitmap.length + kept.length * block);
  const header = new DataView(out.buffer, 0, HEADER);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, bytes.length, true);
  header.setUint32(8, block, true);
  header.setUint32(12, kept.length, true);
  out.set(bitmap, HEADER);
  kept.forEach((part, n) => out.set(part, HEADER + bitmap.length + n * block));
  return out;
}

/**
 * Unpack a snapshot file (`file`: its bytes, gzip-compressed) into `into` (a
 * Uint8Array of zeros, the snapshot's length), inflating it as a stream and
 * copying each block into place as it comes. Throws an Error if the file is
 * not a whole snapshot file of that length.
 */
export async function unpackSnapshot(file, into) {
  return unpackSnapshotStream(new Blob([file]).stream(), into);
}

/**
 * As unpackSnapshot, from a stream of the file's bytes (gzip-compressed), so
 * that unpacking goes on while the file is still being read.
 */
export async function unpackSnapshotStream(stream, into) {
  const reader = stream.pipeThrough(new DecompressionStream("gzip")).getReader();
  const head = new Uint8Array(HEADER);
  let bitmap = null;
  let block = 0;
  let count = 0;       // blocks in the snapshot
  let kept = 0;
  let filled = 0;      // bytes of the current part (header, bitmap, block) so far
  let part = head;     // where those bytes go
  let index = -1;      // the snapshot block being filled (-1: the header or bitmap)
  let n = 0;           // blocks copied
  let scratch = null;  // the padded last block, when the snapshot does not end on a block

  const nextBlock = () => {
    // The next block the bitmap says is in the file, after `index`.
    for (let i = index + 1; i < count; i++) {
      if (bitmap[i >> 3] & (1 << (i & 7))) return i;
    }
    return -1;
  };
  const startBlock = () => {
    index = nextBlock();
    if (index === -1) {
      part = null;
      return;
    }
    const at = index * block;
    part = at + block <= into.length ? into.subarray(at, at + block) : (scratch = new Uint8Array(block));
    filled = 0;
  };
  const partDone = () => {
    if (part === head) {
      const view = new DataView(head.buffer);
      if (view.getUint32(0, true) !== MAGIC) throw new Error("the snapshot file is not one");
      if (view.getUint32(4, true) !== into.length) throw new Error("the snapshot file is not the length the build gave");
      block = view.getUint32(8, true);
      kept = view.getUint32(12, true);
      if (block === 0 || block % 8 !== 0) throw new Error("the snapshot file's block size is wrong");
      count = Math.ceil(into.length / block);
      bitmap = new Uint8Array(Math.ceil(count / 8));
      part = bitmap;
      filled = 0;
    } else {
      if (part === scratch) into.set(scratch.subarray(0, into.length - index * block), index * block);
      if (part !== bitmap) n += 1;
      startBlock();
    }
  };

  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let offset = 0;
    while (offset < value.length) {
      if (!part) throw new Error("the snapshot file is longer than its blocks");
      const take = Math.min(part.length - filled, value.length - offset);
      part.set(value.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === part.length) partDone();
    }
  }
  if (part !== null || n !== kept) throw new Error("the snapshot file ends early");
  return into;
}

/**
 * loadPyodide's options that restore a snapshot while it is still being
 * read (`snapshot`: a promise of its bytes, unpacked, as unpackSnapshot
 * gives them; `length`: the snapshot's length, which the build wrote in the
 * manifest). Pyodide sizes its memory from `_loadSnapshot` at once, and
 * restores it only after its `fsInit` step, which runs once the binary is
 * instantiated; that step waits for the bytes. So the read runs beside
 * Pyodide's own start instead of before it.
 *
 * `_loadSnapshot` is a stand-in for the bytes (standIn): Pyodide reads its
 * length at once, and its bytes only in the restore, by then the bytes
 * read. Before, it was an array of zeros that the bytes were copied into
 * when they came: 31 MB more memory, and a copy on the worker's thread in
 * the middle of the start (about 20 ms; figures in ARCHITECTURE.md).
 * `unpacked()` is called once the bytes are in. If the read fails
 * (`failed(error)` is told why), the stand-in holds no bytes, and the
 * restore throws ("invalid magic number"): the caller falls back.
 */
export function restoreOptions(snapshot, length, { unpacked = () => {}, failed = () => {} } = {}) {
  const { view, hold } = standIn(length);
  const inPlace = Promise.resolve(snapshot)
    .then((bytes) => {
      if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
        throw new Error("the snapshot is not the length the build gave");
      }
      hold(bytes);
    })
    .then(() => unpacked(), (error) => failed(error));
  return { _loadSnapshot: view, fsInit: () => inPlace };
}

/**
 * A Uint8Array that stands in for a snapshot of `length` bytes not yet read:
 * its `length` is the snapshot's, and what Pyodide's restore reads of it
 * (`buffer`, `byteOffset`, `byteLength`, `subarray`: Pyodide 0.29's
 * `API.restoreSnapshot`) is that of the bytes given to `hold(bytes)`, or of
 * no bytes at all before then. A restore that reads it another way finds
 * no snapshot, throws, and the calculator starts the normal way.
 */
function standIn(length) {
  let bytes = new Uint8Array(0);
  const view = new Uint8Array(0);
  Object.defineProperties(view, {
    length: { value: length },
    buffer: { get: () => bytes.buffer },
    byteOffset: { get: () => bytes.byteOffset },
    byteLength: { get: () => bytes.byteLength },
    subarray: { value: (begin, end) => bytes.subarray(begin, end) },
  });
  return { view, hold: (read) => { bytes = read; } };
}
