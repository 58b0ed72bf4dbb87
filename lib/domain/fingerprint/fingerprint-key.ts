import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The server-held key of every mark; a fingerprinted model cannot be served or traced without it. */
export const fingerprintKey = () => {
  if (!env.FINGERPRINT_KEY)
    throw new AppError("SERVICE_UNAVAILABLE", {
      userMessage: "Fingerprinted copies are not configured on this server (FINGERPRINT_KEY).",
      retryAfterSeconds: 3600,
    });
  return new Uint8Array(Buffer.from(env.FINGERPRINT_KEY, "base64"));
};

/** Where a grant's copy of a file lives: beside nothing of the original's, under the grant. */
export const copyStorageKey = (grantId: string, originalKey: string) => `fingerprinted/${grantId}/${originalKey}`;
