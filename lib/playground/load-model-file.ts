import { readCachedFile, writeCachedFile } from "./model-cache";

export type ModelFileRef = { path: string; size: number; sha256: string; url: string };
export type LoadedFile = {
  bytes: ArrayBuffer;
  fromCache: boolean;
  downloadedBytes: number;
  downloadMs: number;
  /** Settles once a downloaded file is in the Cache API (or could not be stored). */
  stored: Promise<void>;
};

export const sha256Hex = async (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );

/** Thrown when bytes do not hash to what the registry verified: the browser refuses to run them. */
export class IntegrityError extends Error {}

/** Streams a signed URL into memory, reporting bytes as they arrive. */
const download = async (file: ModelFileRef, onProgress: (loaded: number) => void): Promise<ArrayBuffer> => {
  const res = await fetch(file.url, { cache: "no-store" });
  if (!res.ok || !res.body) throw new Error(`${file.path}: the download failed (HTTP ${res.status}).`);
  const out = new Uint8Array(file.size);
  const reader = res.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // More bytes than the registry recorded is already a mismatch; stop before overrunning the buffer.
    if (loaded + value.byteLength > out.byteLength)
      throw new IntegrityError(
        `${file.path}: the server sent more bytes than the registry recorded (${file.size}); refused.`,
      );
    out.set(value, loaded);
    loaded += value.byteLength;
    onProgress(loaded);
  }
  return loaded === out.byteLength ? out.buffer : out.slice(0, loaded).buffer;
};

/**
 * A model file's verified bytes: from the cache (keyed by sha256) when there, otherwise downloaded
 * with progress. Either way the sha256 is checked with SubtleCrypto before anything runs them, and
 * only verified bytes are cached (in the background: `stored` tells when).
 */
export const loadModelFile = async (
  file: ModelFileRef,
  slug: string,
  onProgress: (loaded: number) => void,
): Promise<LoadedFile> => {
  const cached = await readCachedFile(file.sha256);
  if (cached && (await sha256Hex(cached)) === file.sha256) {
    onProgress(file.size);
    return { bytes: cached, fromCache: true, downloadedBytes: 0, downloadMs: 0, stored: Promise.resolve() };
  }
  const started = performance.now();
  const bytes = await download(file, onProgress);
  const downloadMs = performance.now() - started;
  const actual = await sha256Hex(bytes);
  if (actual !== file.sha256)
    throw new IntegrityError(
      `${file.path} does not match its verified sha256 (expected ${file.sha256.slice(0, 12)}…, got ${actual.slice(0, 12)}…). It was not run; the stored copy may be damaged.`,
    );
  // Off the load's path: the session need not wait for the disk.
  const stored = writeCachedFile({ sha256: file.sha256, slug, path: file.path, size: file.size }, bytes);
  return { bytes, fromCache: false, downloadedBytes: bytes.byteLength, downloadMs, stored };
};
