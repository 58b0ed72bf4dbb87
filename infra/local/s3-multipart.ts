// s3rver 3.7 answers AbortMultipartUpload (DELETE ?uploadId) with MethodNotAllowed, takes parts for
// any upload id, even one completed or never started, and assembles whatever part files it has
// whatever ETags the completion lists. S3 aborts, answers NoSuchUpload for an unknown upload id, and
// InvalidPart for an ETag that is not the part's. This adds all three to the embedded store, so that
// cancelling frees the parts on the default set-up too, and the code and tests meet S3's behaviour;
// and UploadPartCopy (infra/local/s3-part-copy.ts).
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type S3rver from "s3rver";
// Deep imports pinned by the lockfile (s3rver 3.7.1): its CORS headers (so that a browser can read
// the errors below), its credential check and its XML errors.
import authentication from "s3rver/lib/middleware/authentication.js";
import cors from "s3rver/lib/middleware/cors.js";
import S3Error from "s3rver/lib/models/error.js";
import { completeWithCopies, forgetCopiedPart, listsCopiedPart, uploadPartCopy, type PartCtx } from "./s3-part-copy";

type Ctx = PartCtx & {
  req: Readable;
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
};
type Next = () => Promise<unknown>;

/** s3rver makes upload ids of 32 hex characters; anything else never names a directory. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

const pathParams = (p: string) => {
  const m = /^\/([^/]+)\/(.+)$/.exec(p);
  if (!m) return null;
  try {
    return { bucket: decodeURIComponent(m[1] as string), key: decodeURIComponent(m[2] as string) };
  } catch {
    return null;
  }
};

/** The key the upload was started for, or null when it is unknown, completed or aborted. */
const uploadKey = async (server: S3rver, bucket: string, uploadId: string) => {
  if (!UPLOAD_ID.test(uploadId)) return null;
  return readFile(path.join(uploadsDir(server, bucket), uploadId, "key"), "utf8").catch(() => null);
};
export const uploadsDir = (server: S3rver, bucket: string) =>
  server.store.getResourcePath(bucket, undefined, "uploads");

const readAll = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * CompleteMultipartUpload: every listed part must be stored with the listed ETag (s3rver keeps each
 * part's MD5 beside it), in ascending order. The body is read here and handed on to s3rver unchanged.
 */
const checkListedParts = async (ctx: Ctx, dir: string) => {
  const body = await readAll(ctx.req);
  ctx.req = Readable.from([body]);
  const listed = [...body.toString("utf8").matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, part]) => ({
    number: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(part as string)?.[1]),
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(part as string)?.[1] ?? "").replace(/&quot;|"/g, "").trim(),
  }));
  for (const [i, p] of listed.entries()) {
    if (i > 0 && p.number <= (listed[i - 1] as { number: number }).number)
      throw new S3Error(
        "InvalidPartOrder",
        "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
      );
    const stored = Number.isInteger(p.number)
      ? await readFile(path.join(dir, `${p.number}.md5`), "utf8").catch(() => null)
      : null;
    if (stored?.trim() !== p.etag)
      throw new S3Error(
        "InvalidPart",
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { PartNumber: String(p.number), ETag: p.etag },
      );
  }
  return listed;
};

/** Installs, ahead of s3rver's router, AbortMultipartUpload, UploadPartCopy and NoSuchUpload for part and completion requests. */
export const addMultipartAbort = (server: S3rver) => {
  const authenticate = authentication();
  const withCors = cors();
  const handle = async (ctx: Ctx, next: Next) => {
    const uploadId = ctx.query.uploadId;
    const params = pathParams(ctx.path);
    if (typeof uploadId !== "string" || !params || !["DELETE", "PUT", "POST"].includes(ctx.method)) return next();
    ctx.params = params;
    await withCors(ctx, () =>
      authenticate(ctx, async () => {
        if ((await uploadKey(server, params.bucket, uploadId)) !== params.key)
          throw new S3Error(
            "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            { UploadId: uploadId },
          );
        const dir = path.join(uploadsDir(server, params.bucket), uploadId);
        if (ctx.method === "PUT") {
          if (ctx.headers["x-amz-copy-source"] !== undefined) return uploadPartCopy(server, ctx, dir);
          await forgetCopiedPart(dir, ctx);
          return next();
        }
        if (ctx.method === "POST") {
          const listed = await checkListedParts(ctx, dir);
          const numbers = listed.map((p) => p.number);
          if (await listsCopiedPart(dir, numbers)) return completeWithCopies(server, ctx, params, dir, listed);
          return next();
        }
        await rm(dir, { recursive: true, force: true });
        ctx.status = 204;
        ctx.body = null;
      }),
    );
  };
  // Koa composes `middleware` when the server starts listening: the router is last.
  server.middleware.splice(server.middleware.length - 1, 0, handle);
};
