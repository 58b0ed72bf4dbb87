import "server-only";
import { createHash, type Hash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3 } from "./s3-client";

/** Prefix hashes kept per process (a few hundred bytes each), most recently used last. */
const MAX_KEPT = 512;
const kept = new Map<string, Hash>();

/**
 * A sha256 hash that has consumed bytes [0, length) of the stored object `sourceKey`, to be
 * continued by the caller. A marked copy shares that prefix with the original, so each grantee's
 * copy hashes only its changed tail: the prefix is read and hashed once per process (OpenSSL's
 * state cannot be saved, and a software SHA-256 that can runs ~10× slower than the SHA extensions
 * OpenSSL uses), then forked with Hash.copy().
 */
export const prefixHasher = async (sourceKey: string, length: number) => {
  const id = `${length}:${sourceKey}`;
  const hit = kept.get(id);
  if (hit) {
    kept.delete(id);
    kept.set(id, hit);
    return hit.copy();
  }
  const hash = createHash("sha256");
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: sourceKey, Range: `bytes=0-${length - 1}` }));
  let read = 0;
  for await (const chunk of res.Body as Readable) {
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).byteLength;
  }
  if (read !== length) throw new Error(`${sourceKey}: read ${read} of the ${length} bytes to hash`);
  kept.set(id, hash);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
  return hash.copy();
};
