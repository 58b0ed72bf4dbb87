// Browser side of the presigned multipart upload: the file's sha256 first (declared to the server),
// then parts PUT straight to S3, four at a time, each recorded on the server so that a reload
// resumes with the same file. XHR, not fetch: only XHR reports upload progress.
import type { TPartUrl, TStartedUpload } from "@/lib/schemas/uploads";
import { api } from "./api-client";
import type { callApi } from "./call-api";
import { hashFile } from "./hash-file";

/** The DRAFT version an upload goes into. */
export type VersionRef = { org: string; name: string; version: string };
export type UploadProgress = { bytesDone: number; size: number; resumedParts: number; partCount: number };

const PARALLEL = 4;
const ATTEMPTS = 4;

export class UploadFailed extends Error {}

const putPart = (url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal) =>
  new Promise<{ status: number; etag: string | null }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => resolve({ status: xhr.status, etag: xhr.getResponseHeader("ETag") });
    xhr.onerror = () => reject(new Error("network error"));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });

const unwrap = async <T>(p: ReturnType<typeof callApi<T>>) => {
  const r = await p;
  if (!r.ok) throw new UploadFailed(r.error.message);
  return r.data;
};

/** Uploads (or resumes) one file into a DRAFT version and completes it; the server then verifies it. */
export const uploadFile = async (
  version: VersionRef,
  file: File,
  {
    path,
    sha256: expected,
    signal,
    onHashProgress,
    onStart,
    onProgress,
  }: {
    path: string;
    /** What the user says the file's sha256 is: checked here, before any byte is sent. */
    sha256?: string;
    signal: AbortSignal;
    onHashProgress?: (bytesHashed: number) => void;
    onStart?: (u: TStartedUpload, resumed: boolean) => void;
    onProgress: (p: UploadProgress) => void;
  },
) => {
  const sha256 = await hashFile(file, { signal, onProgress: onHashProgress });
  if (expected && expected.trim().toLowerCase() !== sha256)
    throw new UploadFailed(
      `This file's sha256 is ${sha256}, not the expected ${expected.trim().toLowerCase()}. Nothing was uploaded.`,
    );
  const started = await unwrap(
    api("startUpload", {
      params: version,
      body: { path, size: file.size, sha256, contentType: file.type || undefined },
    }),
  );
  const { upload } = started;
  onStart?.(upload, started.resumed);
  const done = new Set(upload.completedParts.map((p) => p.partNumber));
  const doneBytes = upload.completedParts.reduce((s, p) => s + p.size, 0);
  const inFlight = new Map<number, number>();
  let finishedBytes = doneBytes;
  const report = () =>
    onProgress({
      bytesDone: finishedBytes + [...inFlight.values()].reduce((a, b) => a + b, 0),
      size: file.size,
      resumedParts: done.size,
      partCount: upload.partCount,
    });
  report();

  const todo = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  const ofUpload = { ...version, id: upload.id };
  const urls = new Map<number, TPartUrl>();
  const fetchUrls = async (numbers: number[]) => {
    for (let i = 0; i < numbers.length; i += 100) {
      const { parts } = await unwrap(
        api("presignUploadParts", { params: ofUpload, body: { partNumbers: numbers.slice(i, i + 100) } }),
      );
      for (const p of parts) urls.set(p.partNumber, p);
    }
  };
  await fetchUrls(todo);

  const sendPart = async (n: number) => {
    for (let attempt = 1; ; attempt++) {
      const part = urls.get(n) as TPartUrl;
      const start = (n - 1) * upload.partSize;
      try {
        const res = await putPart(
          part.url,
          file.slice(start, start + part.size),
          (loaded) => (inFlight.set(n, loaded), report()),
          signal,
        );
        if (res.status === 200 && res.etag) {
          await unwrap(
            api("recordUploadPart", {
              params: { ...ofUpload, partNumber: String(n) },
              body: { etag: res.etag, size: part.size },
            }),
          );
          inFlight.delete(n);
          finishedBytes += part.size;
          report();
          return;
        }
        // 403: the part URL expired (a long pause); get a fresh one.
        if (res.status === 404)
          throw new UploadFailed(
            "The store no longer has this upload (cancelled elsewhere, or aborted by the bucket's lifecycle rule). Cancel it and upload the file again.",
          );
        if (res.status === 403) await fetchUrls([n]);
        else if (res.status < 500) throw new UploadFailed(`Storage refused part ${n} (HTTP ${res.status}).`);
      } catch (e) {
        if (signal.aborted || e instanceof UploadFailed) throw e;
      }
      inFlight.delete(n);
      if (attempt >= ATTEMPTS)
        throw new UploadFailed(`Part ${n} failed ${ATTEMPTS} times; check your connection and start again to resume.`);
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  };
  const queue = [...todo];
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await sendPart(n);
    }),
  );
  return unwrap(api("completeUpload", { params: ofUpload }));
};
