import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";

/** Revokes one of the caller's tokens (404 for anyone else's). Revoking twice changes nothing. */
export const revokeApiToken = async (caller: Caller | null, { id }: { id: string }) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id, userId: caller.id },
      select: { id: true, prefix: true, revokedAt: true },
    });
    if (!token) throw new AppError("NOT_FOUND", { userMessage: "No such token." });
    if (token.revokedAt) return { id, revokedAt: token.revokedAt };
    const revokedAt = new Date();
    await tx.apiToken.update({ where: { id }, data: { revokedAt } });
    await appendAuditEvent(tx, {
      actorId: caller.id,
      action: "token.revoked",
      targetType: "ApiToken",
      targetId: id,
      data: { userId: caller.id, prefix: token.prefix },
    });
    return { id, revokedAt };
  });
};
