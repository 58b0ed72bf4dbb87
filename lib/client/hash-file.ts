// The sha256 of a file the user picked, computed in the browser before its upload starts, as
// `weights push` does on the command line. Declared to the server, it makes the upload end to end:
// the worker checks the stored bytes against it, and a resume with another file of the same name
// and size is refused instead of stitched onto the first one's parts. SubtleCrypto cannot hash in
// pieces, so hash-wasm's incremental SHA-256 (WASM, shipped inside the package) reads the file in
// slices and never holds more than one of them.
import { createSHA256 } from "hash-wasm";

const SLICE = 8 * 1024 * 1024;

export const hashFile = async (
  file: Blob,
  { signal, onProgress }: { signal: AbortSignal; onProgress?: (bytesHashed: number) => void },
) => {
  const sha = await createSHA256();
  sha.init();
  const read = (offset: number) => (offset < file.size ? file.slice(offset, offset + SLICE).arrayBuffer() : null);
  // The next slice is read from disk while this one is hashed.
  let next = read(0);
  for (let offset = 0; next; offset += SLICE) {
    signal.throwIfAborted();
    const slice = await next;
    next = read(offset + SLICE);
    sha.update(new Uint8Array(slice));
    onProgress?.(Math.min(offset + SLICE, file.size));
  }
  signal.throwIfAborted();
  return sha.digest("hex");
};
