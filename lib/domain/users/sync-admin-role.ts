import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";

/**
 * ADMIN_EMAILS makes its users admins when they sign in. Promotion only: an admin appointed
 * in the portal stays one when the list changes. The role change is audited in the same transaction.
 */
export const syncAdminRole = async ({
  userId,
  email,
  emailVerified = true,
}: {
  userId: string;
  email: string | null | undefined;
  /** False when the identity provider did not vouch for the address (OIDC `email_verified`): no promotion. */
  emailVerified?: boolean;
}) => {
  if (!email || !emailVerified || !env.ADMIN_EMAILS.includes(email.toLowerCase())) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, role: { not: "ADMIN" } },
      data: { role: "ADMIN" },
    });
    if (count === 0) return false;
    await appendAuditEvent(tx, {
      actorId: null,
      action: "user.role_changed",
      targetType: "User",
      targetId: userId,
      data: { to: "ADMIN", reason: "ADMIN_EMAILS" },
    });
    return true;
  });
};
