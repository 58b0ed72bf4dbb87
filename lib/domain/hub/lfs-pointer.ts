import { createHash } from "node:crypto";

/**
 * The Git LFS pointer the Hub would store for a file, and its git blob id. The Hub lists large
 * files with `oid` = the pointer's blob id and `lfs: { oid: sha256, size, pointerSize }`; we hold
 * every file in S3, so every file is listed that way, with the ids a git clone of the Hub would have.
 */
export const lfsPointer = (sha256: string, size: number) => {
  const text = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
  const pointerSize = Buffer.byteLength(text);
  const oid = createHash("sha1").update(`blob ${pointerSize}\0`).update(text).digest("hex");
  return { oid, pointerSize };
};

/** A stable id for a directory of a revision (not a git tree id: we keep no git trees). */
export const directoryOid = (commitSha: string, path: string) =>
  createHash("sha1").update(`tree ${commitSha} ${path}`).digest("hex");
