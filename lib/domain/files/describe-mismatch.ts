import type { ObjectDigest } from "@/lib/storage/hash-object";

const short = (sha: string) => `${sha.slice(0, 12)}…`;

/**
 * Why stored bytes are not the file the uploader declared, in words an admin can act on; null
 * when they match. `measured` null: the object is not in storage at all.
 */
export const describeMismatch = (
  declared: { size: bigint | number; sha256: string | null },
  measured: ObjectDigest | null,
): string | null => {
  if (!measured) return "object missing in storage";
  if (BigInt(measured.size) !== BigInt(declared.size)) return `size ${measured.size} bytes, declared ${declared.size}`;
  if (declared.sha256 && measured.sha256 !== declared.sha256.toLowerCase())
    return `sha256 ${short(measured.sha256)} does not match the declared ${short(declared.sha256.toLowerCase())}`;
  return null;
};
