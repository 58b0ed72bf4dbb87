// s3rver 3.7 answers AbortMultipartUpload (DELETE ?uploadId) with MethodNotAllowed and takes parts
// for any upload id, even one completed or never started. S3 aborts, and answers NoSuchUpload for an
// unknown upload id. This adds both to the embedded store, so that cancelling an upload frees its parts
// on the default set-up too, and the code and the tests meet S3's behaviour rather than s3rver's.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type S3rver from "s3rver";
// Deep imports pinned by the lockfile (s3rver 3.7.1): its own signature check and its XML errors.
import authentication from "s3rver/lib/middleware/authentication.js";
import S3Error from "s3rver/lib/models/error.js";

type Ctx = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  status: number;
  body: unknown;
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
export const uploadsDir = (server: S3rver, bucket: string) => server.store.getResourcePath(bucket, undefined, "uploads");

/** Installs, ahead of s3rver's router, AbortMultipartUpload and NoSuchUpload for part and completion requests. */
export const addMultipartAbort = (server: S3rver) => {
  const authenticate = authentication();
  const handle = async (ctx: Ctx, next: Next) => {
    const uploadId = ctx.query.uploadId;
    const params = pathParams(ctx.path);
    if (typeof uploadId !== "string" || !params || !["DELETE", "PUT", "POST"].includes(ctx.method)) return next();
    ctx.params = params;
    await authenticate(ctx, async () => {
      if ((await uploadKey(server, params.bucket, uploadId)) !== params.key)
        throw new S3Error(
          "NoSuchUpload",
          "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
          { UploadId: uploadId },
        );
      if (ctx.method !== "DELETE") return next();
      await rm(path.join(uploadsDir(server, params.bucket), uploadId), { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
    });
  };
  // Koa composes `middleware` when the server starts listening: the router is last.
  server.middleware.splice(server.middleware.length - 1, 0, handle);
};
