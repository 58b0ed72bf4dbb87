import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * Job payloads live in PostgreSQL until the worker runs them. A magic link in clear there would let
 * anyone who can read the job table sign in as the recipient, so such payloads are sealed with
 * AES-256-GCM under a key derived from NEXTAUTH_SECRET (which the web app and worker share).
 */
const keyFor = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "weights-registry", "job-payload-seal", 32));

export const sealJson = (secret: string, value: unknown) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
};

export const openJson = <T>(secret: string, box: string, schema: z.ZodType<T>): T => {
  const raw = Buffer.from(box, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  return schema.parse(JSON.parse(text));
};
