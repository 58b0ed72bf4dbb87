import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { requireAdmin } from "@/lib/auth/require-admin";
import { db } from "@/lib/db";
import { appendAuditEvent } from "./append-audit-event";
import { verifyAuditLog, type AuditVerification } from "./verify-audit-log";

/**
 * The page's and API's verification (the chain, then against the latest signed checkpoint): admins
 * only; the run is audited with its result.
 * (verifyAuditChain itself stays free of auth imports so the ops CLI can load it alone.)
 */
export const verifyAuditChainFor = async (caller: Caller | null): Promise<AuditVerification> => {
  const admin = requireAdmin(caller);
  const result = await verifyAuditLog();
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: admin.id,
      action: "audit.verified",
      targetType: "AuditLog",
      targetId: result.ok ? (result.lastSeq ?? "0") : result.firstBadSeq,
      data: { ...result },
    }),
  );
  return result;
};
