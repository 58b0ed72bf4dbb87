import "server-only";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

/** Serialises appends: the chain has one tail, so two writers must not read the same one. */
const AUDIT_CHAIN_LOCK = 7_412_001;

export type AuditInput = {
  actorId: string | null;
  action: string;
  modelId?: string | null;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
};

/**
 * Appends one hash-chained audit row. Call it inside the transaction that makes the change,
 * so the change and its audit row commit (or roll back) together.
 */
export const appendAuditEvent = async (tx: Tx, input: AuditInput) => {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = {
    createdAt: new Date(),
    actorId: input.actorId,
    action: input.action,
    modelId: input.modelId ?? null,
    targetType: input.targetType,
    targetId: input.targetId,
    data: input.data ?? {},
  };
  return tx.auditEvent.create({
    data: { ...content, data: content.data as Prisma.InputJsonValue, prevHash, hash: hashAuditEvent(prevHash, content) },
    select: { seq: true, hash: true },
  });
};
