import { createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";

export type ReceivedFile = {
  path: string;
  size: number;
  /** The whole file in memory (read in chunks: fs.readFile stops at 2 GiB). */
  read: () => Promise<Uint8Array>;
  /** Deletes the file and its folder; safe to call twice. */
  dispose: () => Promise<void>;
};

const tooLarge = (max: number) =>
  new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The file is larger than the ${max}-byte limit of this upload.` });

/**
 * Streams a request body into a temporary file, at most `maxBytes`: for uploads larger than any
 * JSON body (a suspect weight file), which must never sit in memory as a list of chunks. A
 * Content-Length over the cap is refused before a byte is read; a chunked or lying body is counted
 * and cut off at the cap. Nothing is left on disk when it fails.
 */
export const receiveBodyFile = async (req: Request, maxBytes: number): Promise<ReceivedFile> => {
  const declared = req.headers.get("content-length");
  if (declared !== null && !/^\d+$/.test(declared))
    throw new AppError("BAD_REQUEST", { userMessage: "Content-Length is not a number." });
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body || declared === "0") throw new AppError("BAD_REQUEST", { userMessage: "The upload is empty." });

  const dir = await mkdtemp(path.join(os.tmpdir(), "weights-upload-"));
  const file = path.join(dir, "body");
  const dispose = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.byteLength;
      done(size > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(req.body as WebReadableStream<Uint8Array>), count, createWriteStream(file));
  } catch (e) {
    await dispose();
    if (e instanceof AppError) throw e;
    // The client went away or the stream broke: a 400, not a 500.
    throw new AppError("BAD_REQUEST", { userMessage: "The upload was interrupted.", cause: e });
  }
  if (size === 0) {
    await dispose();
    throw new AppError("BAD_REQUEST", { userMessage: "The upload is empty." });
  }
  const read = async () => {
    const out = new Uint8Array(size);
    const handle = await open(file, "r");
    try {
      for (let at = 0; at < size;) {
        const { bytesRead } = await handle.read(out, at, Math.min(size - at, 64 * 1024 ** 2), at);
        if (!bytesRead) break;
        at += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return out;
  };
  return { path: file, size, read, dispose };
};
