// One file to disk: bytes go to `<name>.part` (resumed with Range), the whole part is hashed, and
// only a file with the expected sha256 is renamed to its final name. Error bodies are never written.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { dirname, extname } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { CliError, EXIT } from "./errors";

export type RemoteFile = { path: string; size: number; sha256: string; url: string; expiresAt?: string };
export type DownloadOptions = {
  /** Absolute path of the final file. */
  dest: string;
  /** A new presigned URL when the old one expired (403 from the store or past `expiresAt`). */
  refresh: () => Promise<{ url: string; expiresAt?: string }>;
  /** Bytes on disk so far (including a resumed part). */
  onProgress?: (bytes: number) => void;
  attempts?: number;
  retryDelayMs?: number;
};
export type DownloadResult = "downloaded" | "skipped";

const EXPIRY_MARGIN_MS = 5_000;

/** Read size for hashing: a stream's 64 KiB chunks made hashing a 1 GiB file about half as fast as `openssl dgst`. */
export const HASH_READ_BYTES = 1024 * 1024;

/** sha256 of a file, read in 1 MiB blocks into one reused buffer (no allocation per chunk). */
export const sha256File = async (file: string) => {
  const hash = createHash("sha256");
  const handle = await open(file, "r");
  const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
};

const sizeOf = async (file: string) => (await stat(file).catch(() => null))?.size ?? null;

/** Error pages (HTML, XML, JSON) must not land in a weight file; a .json/.xml/.html file may be any of them. */
const looksLikeErrorBody = (contentType: string, path: string) => {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const ext = extname(path).toLowerCase();
  if (type === "text/html") return ext !== ".html" && ext !== ".htm";
  if (type === "application/xml" || type === "text/xml") return ext !== ".xml";
  return false;
};

/** The Range header for a part of `partSize` bytes, or null when there is nothing to resume. */
export const rangeFor = (partSize: number | null, total: number) =>
  partSize && partSize > 0 && partSize < total ? `bytes=${partSize}-` : null;

/** A 206 must continue exactly where the part ends. */
export const resumesAt = (contentRange: string | null, from: number) =>
  contentRange !== null && new RegExp(`^bytes ${from}-\\d+/(\\d+|\\*)$`).test(contentRange.trim());

class Retryable extends Error {}

const fetchOnce = async (file: RemoteFile, opts: DownloadOptions, part: string): Promise<void> => {
  const from = (await sizeOf(part)) ?? 0;
  const range = rangeFor(from, file.size);
  let res: Response;
  try {
    res = await fetch(file.url, { headers: range ? { range } : {} });
  } catch (e) {
    throw new Retryable(`network: ${(e as Error).cause ?? (e as Error).message}`);
  }
  if (res.status === 403 || res.status === 401) {
    // Presigned URLs answer 403 when expired; get a new one and go on from the same part.
    await res.body?.cancel();
    Object.assign(file, await opts.refresh());
    throw new Retryable("url expired");
  }
  if (res.status === 416) {
    // The part does not fit the object any more: start over.
    await res.body?.cancel();
    await unlink(part).catch(() => undefined);
    throw new Retryable("range not satisfiable");
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw new Retryable(`storage answered ${res.status}`);
  }
  if (looksLikeErrorBody(res.headers.get("content-type") ?? "", file.path) || !res.body) {
    await res.body?.cancel();
    throw new Retryable(`storage sent ${res.headers.get("content-type")} instead of the file`);
  }
  const resuming = res.status === 206;
  if (resuming && !(range && resumesAt(res.headers.get("content-range"), from))) {
    await res.body.cancel();
    await unlink(part).catch(() => undefined);
    throw new Retryable("unexpected Content-Range");
  }
  let written = resuming ? from : 0;
  opts.onProgress?.(written);
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      opts.onProgress?.(written);
      done(null, chunk);
    },
  });
  try {
    // A 200 is the whole object: the part starts over.
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      count,
      createWriteStream(part, { flags: resuming ? "a" : "w" }),
    );
  } catch (e) {
    throw new Retryable(`interrupted: ${(e as Error).message}`);
  }
};

/** The file is already at `dest` with its size and sha256 (checked in that order: size is free). */
export const isComplete = async (dest: string, file: { size: number; sha256: string }) =>
  (await sizeOf(dest)) === file.size && (await sha256File(dest)) === file.sha256;

export const downloadFile = async (file: RemoteFile, opts: DownloadOptions): Promise<DownloadResult> => {
  const { dest } = opts;
  const part = `${dest}.part`;
  if (await isComplete(dest, file)) {
    opts.onProgress?.(file.size);
    return "skipped";
  }
  await mkdir(dirname(dest), { recursive: true });
  const attempts = opts.attempts ?? 5;
  let lastError = "";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const have = (await sizeOf(part)) ?? 0;
    if (have > file.size) await unlink(part);
    if (have === file.size) break;
    if (file.expiresAt && Date.parse(file.expiresAt) - EXPIRY_MARGIN_MS < Date.now())
      Object.assign(file, await opts.refresh());
    try {
      await fetchOnce(file, opts, part);
      if ((await sizeOf(part)) === file.size) break;
      lastError = `transfer ended at ${await sizeOf(part)} of ${file.size} bytes`;
    } catch (e) {
      if (!(e instanceof Retryable)) throw e;
      lastError = e.message;
    }
    await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 500) * 2 ** attempt));
  }
  const size = await sizeOf(part);
  if (size !== file.size) {
    if (size !== null && size > file.size) await unlink(part);
    throw new CliError(EXIT.NETWORK, `${file.path}: download failed (${lastError}); run the command again to resume.`);
  }
  const actual = await sha256File(part);
  if (actual !== file.sha256) {
    await unlink(part);
    throw new CliError(
      EXIT.INTEGRITY,
      `${file.path}: sha256 mismatch (expected ${file.sha256}, got ${actual}); the file was deleted.`,
    );
  }
  await rename(part, dest);
  return "downloaded";
};
