import "server-only";
import { db } from "@/lib/db";
import { openCheckpoint, CHECKPOINT_PREFIX, type SignedCheckpoint } from "./audit-checkpoint";
import { listCheckpointKeys, readCheckpointText } from "./checkpoint-store";
import { configuredCheckpointKeys } from "./create-audit-checkpoint";
import { verifyAuditChain, type VerifyAuditChainOptions, type VerifyAuditChainResult } from "./verify-audit-chain";

export type CheckpointFinding =
  /** No key configured: the chain is checked on its own (it cannot show a rewrite with recomputed hashes). */
  | { status: "not_configured" }
  | { status: "none" }
  | { status: "matches"; seq: string; time: string; object: string }
  /** The row at the checkpoint's seq has another hash: rows up to it were rewritten (and later hashes recomputed). */
  | { status: "rewritten"; seq: string; time: string; object: string; expected: string; actual: string }
  /** The log ends before the checkpoint's seq, or that row is gone: rows were removed. */
  | { status: "rows_missing"; seq: string; time: string; object: string; lastSeq: string | null };

export type AuditVerification = VerifyAuditChainResult & {
  checkpoint: CheckpointFinding;
  /** Checkpoint objects newer than the one used whose signature (or format) fails. */
  invalidCheckpoints: { object: string; reason: string }[];
};

/** The newest checkpoint that verifies, and the newer objects that do not. */
export const findLatestCheckpoint = async (prefix = CHECKPOINT_PREFIX) => {
  const keys = configuredCheckpointKeys();
  if (!keys) return null;
  const invalid: { object: string; reason: string }[] = [];
  const objects = await listCheckpointKeys(prefix);
  for (const object of objects.reverse()) {
    const opened = openCheckpoint(await readCheckpointText(object), keys.publicKey);
    if (opened.ok) return { checkpoint: opened.checkpoint, object, invalid };
    invalid.push({ object, reason: opened.reason });
  }
  return { checkpoint: null, object: null, invalid };
};

const compare = async (
  client: NonNullable<VerifyAuditChainOptions["client"]>,
  checkpoint: SignedCheckpoint,
  object: string,
): Promise<CheckpointFinding> => {
  const at = { seq: checkpoint.seq, time: checkpoint.time, object };
  const [row] = await client.$queryRaw<{ hash: string }[]>`
    SELECT hash FROM "AuditEvent" WHERE seq = ${BigInt(checkpoint.seq)}`;
  if (row)
    return row.hash === checkpoint.hash
      ? { status: "matches", ...at }
      : { status: "rewritten", ...at, expected: checkpoint.hash, actual: row.hash };
  const [tail] = await client.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  return { status: "rows_missing", ...at, lastSeq: tail ? tail.seq.toString() : null };
};

/**
 * The whole verification: the hash chain (every row against the row before it), then the chain
 * against the latest valid signed checkpoint. `ok` only when all of it holds: a rewritten or
 * truncated log, or a checkpoint whose signature fails, is `ok: false` with the reason.
 */
export const verifyAuditLog = async (
  options: VerifyAuditChainOptions & { prefix?: string } = {},
): Promise<AuditVerification> => {
  const client = options.client ?? db;
  const chain = await verifyAuditChain(options);
  const latest = await findLatestCheckpoint(options.prefix);
  if (!latest) return { ...chain, checkpoint: { status: "not_configured" }, invalidCheckpoints: [] };
  const invalidCheckpoints = latest.invalid;
  const checkpoint: CheckpointFinding =
    latest.checkpoint && latest.object ? await compare(client, latest.checkpoint, latest.object) : { status: "none" };
  if (!chain.ok) return { ...chain, checkpoint, invalidCheckpoints };
  if (checkpoint.status === "rewritten")
    return {
      ok: false,
      checked: chain.checked,
      firstBadSeq: checkpoint.seq,
      reason: "checkpoint_mismatch",
      expected: checkpoint.expected,
      actual: checkpoint.actual,
      checkpoint,
      invalidCheckpoints,
    };
  if (checkpoint.status === "rows_missing")
    return {
      ok: false,
      checked: chain.checked,
      firstBadSeq: checkpoint.lastSeq ? (BigInt(checkpoint.lastSeq) + 1n).toString() : "1",
      reason: "rows_missing",
      expected: `rows up to seq ${checkpoint.seq}`,
      actual: checkpoint.lastSeq ? `the log ends at seq ${checkpoint.lastSeq}` : "the log is empty",
      checkpoint,
      invalidCheckpoints,
    };
  if (invalidCheckpoints.length)
    return {
      ok: false,
      checked: chain.checked,
      firstBadSeq: checkpoint.status === "matches" ? checkpoint.seq : (chain.lastSeq ?? "0"),
      reason: "checkpoint_signature_invalid",
      expected: "a checkpoint signed with the checkpoint key",
      actual: `${invalidCheckpoints[0]!.object}: ${invalidCheckpoints[0]!.reason}`,
      checkpoint,
      invalidCheckpoints,
    };
  return { ...chain, checkpoint, invalidCheckpoints };
};
