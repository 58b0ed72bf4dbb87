// The parts of one presigned multipart upload that the portal does not have yet: each part's exact
// byte range is read from disk when its turn in the shared pool comes (never the whole file in
// memory), PUT straight to the store, and recorded on the portal so a later run resumes after it.
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { partLength } from "../common/plan-parts";
import { CliError, EXIT } from "./errors";
import { httpPut, type PutResponse } from "./http-put";
import type { PartUrl, StartedUpload, UploadApi } from "./upload-api";
import type { Pool } from "./upload-pool";

export type UploadPartsOptions = {
  api: UploadApi;
  pool: Pool;
  /** Local file being uploaded. */
  file: string;
  upload: StartedUpload;
  /** Called once a part is stored and recorded. */
  onPart?: (partNumber: number, bytes: number) => void;
  /** Called when a part's PUT failed in a way worth another try (network, 5xx, an expired URL). */
  onRetry?: (partNumber: number, reason: string) => void;
  /** Tries per part (network errors, 5xx, expired URLs) before giving up. */
  attempts?: number;
  /** First pause between tries, doubled each time. */
  retryDelayMs?: number;
  /** Part URLs asked for at once (the API allows 100): fetched as needed, so none sits until it expires. */
  urlBatch?: number;
};

/** Retryable: the store or the network failed, not the request. */
class Retry extends Error {}
/** 403: presigned URLs answer it once expired; a fresh URL is asked for. */
class Expired extends Retry {}

/** A URL is not used this close to its expiry. */
const EXPIRY_MARGIN_MS = 60_000;

/** Exactly `length` bytes of the file from `offset`. */
export const readPart = async (handle: FileHandle, offset: number, length: number) => {
  const buffer = Buffer.allocUnsafe(length);
  for (let got = 0; got < length;) {
    const { bytesRead } = await handle.read(buffer, got, length - got, offset + got);
    if (bytesRead === 0)
      throw new CliError(
        EXIT.USAGE,
        `The file ended at ${offset + got} bytes while being uploaded; it changed since the push started.`,
      );
    got += bytesRead;
  }
  return buffer;
};

/** The store's error code from its XML body (`<Code>RequestTimeTooSkewed</Code>`), if any. */
const storeCode = (text: string) => /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];

/** One PUT of a part; resolves to the ETag the store answered. */
export const putPart = async (url: string, body: Buffer): Promise<string> => {
  let res: PutResponse;
  try {
    res = await httpPut(url, body);
  } catch (e) {
    throw new Retry(`network: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const said = `storage answered ${res.status}${storeCode(res.text) ? ` ${storeCode(res.text)}` : ""}`;
  if (res.status >= 200 && res.status < 300) {
    // Without the ETag the part cannot be assembled; a bucket CORS rule that hides it is one cause.
    if (!res.etag) throw new CliError(EXIT.NETWORK, "The store accepted a part but sent no ETag header.");
    return res.etag;
  }
  if (res.status === 403) throw new Expired(said);
  if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Retry(said);
  throw new CliError(EXIT.NETWORK, `The store refused a part: ${said}.`);
};

type CachedUrl = PartUrl & { expiresAt: number };

/** Part URLs fetched in batches as parts come up, and all dropped when the store says one expired. */
const partUrlSource = (api: UploadApi, uploadId: string, todo: number[], batch: number) => {
  const remaining = new Set(todo);
  const cache = new Map<number, CachedUrl>();
  const loading = new Map<number, Promise<void>>();
  const fresh = (n: number) => (cache.get(n)?.expiresAt ?? 0) - EXPIRY_MARGIN_MS > Date.now();
  const load = (n: number) => {
    const numbers = [n, ...[...remaining].filter((m) => m > n && !fresh(m) && !loading.has(m))].slice(0, batch);
    const loaded = api
      .partUrls(uploadId, numbers)
      .then(({ parts, expiresAt }) => {
        for (const p of parts) cache.set(p.partNumber, { ...p, expiresAt: Date.parse(expiresAt) });
      })
      .finally(() => numbers.forEach((m) => loading.delete(m)));
    numbers.forEach((m) => loading.set(m, loaded));
    return loaded;
  };
  return {
    get: async (n: number): Promise<PartUrl> => {
      // A URL fetched just now is used even if the clocks disagree about its expiry: a real expiry is a 403.
      if (!fresh(n)) await (loading.get(n) ?? load(n));
      if (!cache.has(n)) await load(n);
      const url = cache.get(n);
      if (!url) throw new CliError(EXIT.NETWORK, `The portal gave no URL for part ${n}.`);
      return url;
    },
    expired: () => cache.clear(),
    done: (n: number) => {
      remaining.delete(n);
      cache.delete(n);
    },
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends every part the upload still lacks through the pool; throws the first part that fails for good. */
export const uploadParts = async (o: UploadPartsOptions): Promise<{ sentParts: number; sentBytes: number }> => {
  const { upload, api } = o;
  const attempts = o.attempts ?? 5;
  const done = new Set(upload.completedParts.map((p) => p.partNumber));
  const todo = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  if (todo.length === 0) return { sentParts: 0, sentBytes: 0 };
  const urls = partUrlSource(api, upload.id, todo, Math.min(o.urlBatch ?? 32, 100));
  const handle = await open(o.file, "r");
  let failure: unknown = null;
  let sentBytes = 0;

  const pause = (attempt: number) => sleep((o.retryDelayMs ?? 1000) * 2 ** (attempt - 1));

  /** Reads the part and PUTs it to the store, retrying; runs inside a pool slot. */
  const transfer = async (n: number, size: number) => {
    const body = await readPart(handle, (n - 1) * upload.partSize, size);
    let lastError = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const part = await urls.get(n);
      if (part.size !== size)
        throw new CliError(
          EXIT.NETWORK,
          `The portal expects ${part.size} bytes for part ${n} of ${upload.path}, not ${size}.`,
        );
      try {
        return await putPart(part.url, body);
      } catch (e) {
        if (!(e instanceof Retry)) throw e;
        if (e instanceof Expired) urls.expired();
        lastError = e.message;
        o.onRetry?.(n, e.message);
      }
      if (attempt < attempts) await pause(attempt);
    }
    throw new CliError(
      EXIT.NETWORK,
      `${upload.path}: part ${n} failed ${attempts} times (${lastError}); run the same command again to resume.`,
    );
  };

  /** Notes the stored part on the portal (an idempotent upsert: retried alone when the portal fails). */
  const record = async (n: number, etag: string, size: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await api.recordPart(upload.id, n, { etag, size });
      } catch (e) {
        if (!(e instanceof CliError && e.exitCode === EXIT.NETWORK) || attempt >= attempts) throw e;
      }
      await pause(attempt);
    }
  };

  const sendPart = async (n: number) => {
    const size = partLength(upload.size, upload.partSize, n);
    // The slot is the store's: it is freed before the portal is told, so the next part goes out meanwhile.
    // After a part fails for good, this file's queued parts are skipped; other files' parts go on.
    const etag = await o.pool.run(async () => {
      if (failure) return null;
      try {
        return await transfer(n, size);
      } catch (e) {
        failure ??= e; // before the slot is freed, so the next queued part already sees it
        throw e;
      }
    });
    if (etag === null) return;
    await record(n, etag, size);
    urls.done(n);
    sentBytes += size;
    o.onPart?.(n, size);
  };

  try {
    await Promise.all(todo.map((n) => sendPart(n).catch((e: unknown) => void (failure ??= e))));
  } finally {
    await handle.close();
  }
  if (failure) throw failure;
  return { sentParts: todo.length, sentBytes };
};
