import "server-only";
import { env } from "@/lib/env";
import { presignGetObject } from "./presign-get-fast";

/** RFC 5987 `ext-value` characters: encodeURIComponent leaves `'()*` alone, which attr-char does not allow. */
const encodeRfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with the file's name: a plain-ASCII `filename` for old clients (quotes, backslashes,
 * control and non-ASCII characters replaced by `_`) and the exact name as `filename*`.
 */
export const contentDisposition = (fileName: string) => {
  const name = fileName.split("/").pop() || "download";
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
};

/** Now in whole seconds: X-Amz-Date has no fraction, so an expiry computed from it is exact. */
export const signingNow = () => new Date(Math.floor(Date.now() / 1000) * 1000);

export type PresignGetInput = {
  key: string;
  /** Name the browser saves the file under (the last path segment is used). */
  fileName: string;
  /** Defaults to DOWNLOAD_URL_TTL_SECONDS. */
  ttlSeconds?: number;
  /** Signing time; whole seconds, since X-Amz-Date has no fraction (defaults to now). */
  signingDate?: Date;
};

/**
 * A presigned GET for one object that downloads as an attachment. `expiresAt` is exactly when S3
 * stops honouring it (X-Amz-Date + X-Amz-Expires). The URL is a bearer credential: never log it.
 */
export const presignGet = async ({
  key,
  fileName,
  ttlSeconds = env.DOWNLOAD_URL_TTL_SECONDS,
  signingDate,
}: PresignGetInput) => {
  // The ceiling is one hour; SigV4 itself allows a week, which is far too loose for gated weights.
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600)
    throw new Error(`ttlSeconds must be 1..3600, got ${ttlSeconds}`);
  const signedAt = new Date(Math.floor((signingDate ?? new Date()).getTime() / 1000) * 1000);
  const url = await presignGetObject({
    key,
    query: { "response-content-disposition": contentDisposition(fileName) },
    expiresIn: ttlSeconds,
    signingDate: signedAt,
  });
  return { url, expiresAt: new Date(signedAt.getTime() + ttlSeconds * 1000) };
};
