import "server-only";
import { db, type Tx } from "@/lib/db";
import { GENESIS_HASH, hashAuditEvent, type AuditContent } from "./hash-audit-event";

export type VerifyAuditChainResult =
  | { ok: true; checked: number; lastSeq: string | null }
  | {
      ok: false;
      /** Rows verified before the first bad one. */
      checked: number;
      firstBadSeq: string;
      /**
       * prev_hash_mismatch: the row does not point at the row before it (a row removed or reordered);
       * hash_mismatch: its content changed. From the signed checkpoints (verify-audit-log.ts):
       * checkpoint_mismatch: the row at a checkpoint's seq has another hash (rows up to it rewritten,
       * later hashes recomputed); rows_missing: the log ends before a checkpoint's seq;
       * checkpoint_signature_invalid: a checkpoint object does not verify with the key.
       */
      reason:
        | "prev_hash_mismatch"
        | "hash_mismatch"
        | "checkpoint_mismatch"
        | "rows_missing"
        | "checkpoint_signature_invalid";
      /** What the chain says the value should be (the previous row's hash, or the recomputed hash). */
      expected: string;
      /** What the row holds. */
      actual: string;
    };

export type VerifyAuditChainOptions = {
  /** Rows read per query (keyset by seq, so memory stays flat); default 5000. */
  batchSize?: number;
  /** Called after each batch with the number of rows verified so far. */
  onProgress?: (checked: number) => void;
  /** Read through this client instead of the shared one (a transaction sees its own uncommitted edits). */
  client?: Pick<Tx, "$queryRaw">;
};

// The hashed content as stored, `data` read as text (parsed once the row is reached).
type StoredRow = Omit<AuditContent, "data"> & { seq: bigint; dataText: string; prevHash: string; hash: string };

/**
 * Walks the whole audit chain in seq order, recomputing every hash, up to the tail as it was when
 * the walk started (rows appended meanwhile are left for the next run). Reports the FIRST row
 * that does not match: every row after it is unverified.
 */
export const verifyAuditChain = async ({
  batchSize = 5000,
  onProgress,
  client = db,
}: VerifyAuditChainOptions = {}): Promise<VerifyAuditChainResult> => {
  const [tail] = await client.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  if (!tail) return { ok: true, checked: 0, lastSeq: null };
  const fetchAfter = (after: bigint) => {
    // Promise.resolve starts the (lazy) Prisma query now, once.
    const batch = Promise.resolve(client.$queryRaw<StoredRow[]>`
      SELECT seq, "createdAt", "actorId", action, "modelId", "targetType", "targetId", data::text AS "dataText", "prevHash", hash
      FROM "AuditEvent" WHERE seq > ${after} AND seq <= ${tail.seq} ORDER BY seq LIMIT ${batchSize}`);
    batch.catch(() => {}); // a prefetch abandoned at a bad row must not become an unhandled rejection
    return batch;
  };
  let prev = GENESIS_HASH;
  let checked = 0;
  let lastSeq = 0n;
  let next: Promise<StoredRow[]> = fetchAfter(0n);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    lastSeq = rows[rows.length - 1]!.seq;
    // The database reads the next batch while this one is hashed.
    next = lastSeq < tail.seq ? fetchAfter(lastSeq) : Promise.resolve([]);
    for (const { dataText, ...row } of rows) {
      const seq = row.seq.toString();
      if (row.prevHash !== prev)
        return {
          ok: false,
          checked,
          firstBadSeq: seq,
          reason: "prev_hash_mismatch",
          expected: prev,
          actual: row.prevHash,
        };
      // jsonb hands `data` back with its keys reordered; canonical JSON makes that irrelevant.
      const hash = hashAuditEvent(prev, { ...row, data: JSON.parse(dataText) as unknown });
      if (hash !== row.hash)
        return { ok: false, checked, firstBadSeq: seq, reason: "hash_mismatch", expected: hash, actual: row.hash };
      prev = row.hash;
      checked++;
    }
    onProgress?.(checked);
  }
  return { ok: true, checked, lastSeq: checked ? lastSeq.toString() : null };
};
