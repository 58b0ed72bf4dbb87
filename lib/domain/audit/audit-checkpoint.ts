// Signed audit checkpoints, as CloudTrail's digest files: (seq, hash, time) of the chain's tail,
// signed with an Ed25519 key the database does not hold and stored outside it (the bucket). Whoever
// can write the database can recompute every hash after a row they rewrote, or cut rows off the
// tail, and the chain still verifies; they cannot make it match a checkpoint signed earlier.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "./canonical-json";

export const CHECKPOINT_PREFIX = "checkpoints/";

export type CheckpointKeys = { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

/** The key pair from a PEM Ed25519 private key (AUDIT_CHECKPOINT_KEY). Throws on anything else. */
export const checkpointKeys = (pem: string): CheckpointKeys => {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error("AUDIT_CHECKPOINT_KEY must be an Ed25519 private key");
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, publicKey, keyId: createHash("sha256").update(der).digest("hex").slice(0, 16) };
};

const ZSignedCheckpoint = z.strictObject({
  v: z.literal(1),
  seq: z.string().regex(/^[1-9][0-9]{0,18}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  time: z.iso.datetime(),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  signature: z.string().min(1),
});
export type SignedCheckpoint = z.infer<typeof ZSignedCheckpoint>;

/** What the signature covers: everything but the signature, as canonical JSON. */
const signedText = (c: Omit<SignedCheckpoint, "signature">) =>
  canonicalJson({ v: c.v, seq: c.seq, hash: c.hash, time: c.time, keyId: c.keyId });

export const signCheckpoint = (keys: CheckpointKeys, tail: { seq: string; hash: string }, time: Date) => {
  const body = { v: 1 as const, seq: tail.seq, hash: tail.hash, time: time.toISOString(), keyId: keys.keyId };
  return { ...body, signature: sign(null, Buffer.from(signedText(body)), keys.privateKey).toString("base64") };
};

/** Object key: seq zero-padded first, so that keys sort in chain order (the newest last). */
export const checkpointObjectKey = (c: Pick<SignedCheckpoint, "seq" | "time">, prefix = CHECKPOINT_PREFIX) =>
  `${prefix}${c.seq.padStart(19, "0")}-${c.time.replace(/[-:.]/g, "")}.json`;

/** Parses and checks one stored checkpoint: the checkpoint, or why it cannot be trusted. */
export const openCheckpoint = (
  text: string,
  publicKey: KeyObject,
): { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: string } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const result = ZSignedCheckpoint.safeParse(parsed);
  if (!result.success) return { ok: false, reason: "not a checkpoint (fields missing or malformed)" };
  const c = result.data;
  const good = verify(null, Buffer.from(signedText(c)), publicKey, Buffer.from(c.signature, "base64"));
  return good
    ? { ok: true, checkpoint: c }
    : { ok: false, reason: "signature does not verify with the checkpoint key" };
};
