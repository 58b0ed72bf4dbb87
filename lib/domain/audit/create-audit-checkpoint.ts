import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { checkpointKeys, CHECKPOINT_PREFIX, signCheckpoint, type SignedCheckpoint } from "./audit-checkpoint";
import { putCheckpoint } from "./checkpoint-store";

type Reader = { $queryRaw: typeof db.$queryRaw };

/** The key from AUDIT_CHECKPOINT_KEY, or null when checkpoints are not configured. */
export const configuredCheckpointKeys = () =>
  env.AUDIT_CHECKPOINT_KEY ? checkpointKeys(env.AUDIT_CHECKPOINT_KEY) : null;

/**
 * Signs the chain's current tail and stores the checkpoint in the bucket. Returns null when the log
 * is empty (nothing to attest) or no key is configured.
 */
export const createAuditCheckpoint = async ({
  client = db,
  prefix = CHECKPOINT_PREFIX,
  keys = configuredCheckpointKeys(),
  skipIfSeq = null,
}: {
  client?: Reader;
  prefix?: string;
  keys?: ReturnType<typeof configuredCheckpointKeys>;
  /** Write nothing when the tail is still this seq (the worker's last checkpoint). */
  skipIfSeq?: string | null;
} = {}): Promise<{
  checkpoint: SignedCheckpoint;
  key: string;
} | null> => {
  if (!keys) return null;
  const [tail] = await client.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  if (!tail || tail.seq.toString() === skipIfSeq) return null;
  const checkpoint = signCheckpoint(keys, { seq: tail.seq.toString(), hash: tail.hash }, new Date());
  return { checkpoint, key: await putCheckpoint(checkpoint, prefix) };
};
