import "server-only";
import type { Tx } from "@/lib/db";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

/** Serialises appends: the chain has one tail, so two writers must not read the same one. */
export const AUDIT_CHAIN_LOCK = 7_412_001;

export type AuditInput = {
  actorId: string | null;
  action: string;
  modelId?: string | null;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
};

/** What a row stores and its hash covers. */
export const auditContent = (input: AuditInput, createdAt: Date) => ({
  createdAt,
  actorId: input.actorId,
  action: input.action,
  modelId: input.modelId ?? null,
  targetType: input.targetType,
  targetId: input.targetId,
  data: input.data ?? {},
});

/**
 * Appends one hash-chained audit row. Call it inside the transaction that makes the change,
 * so the change and its audit row commit (or roll back) together.
 */
export const appendAuditEvent = async (tx: Tx, input: AuditInput) => {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const [last] = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = auditContent(input, new Date());
  const row = { ...content, prevHash, hash: hashAuditEvent(prevHash, content) };
  // Raw SQL with `::jsonb` stores the data exactly as hashed; Prisma's Json write rounds some
  // floats (0.1 + 0.2 → 0.3), which would later read as a tampered row.
  const rows = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    INSERT INTO "AuditEvent" ("createdAt", "actorId", action, "modelId", "targetType", "targetId", data, "prevHash", hash)
    VALUES (${row.createdAt}, ${row.actorId}, ${row.action}, ${row.modelId}, ${row.targetType}, ${row.targetId},
            ${JSON.stringify(row.data)}::jsonb, ${row.prevHash}, ${row.hash})
    RETURNING seq, hash`;
  return rows[0] as { seq: bigint; hash: string };
};
