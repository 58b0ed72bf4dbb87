import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZMakeAdminInput, type TMakeAdminInput } from "@/lib/schemas/ops";
import { findUserByEmail } from "./find-or-create-user";

/**
 * Makes an existing user an admin (idempotent: an admin stays one, with no new audit row).
 * It never creates users: an address nobody signed in with is more likely a typo than a wish.
 * No caller check: only trusted server code (the ops command) calls this.
 */
export const makeAdmin = async (tx: Tx, raw: TMakeAdminInput) => {
  const { email, actorId, via } = ZMakeAdminInput.parse(raw);
  const user = await findUserByEmail(tx, email);
  if (!user)
    throw new AppError("NOT_FOUND", {
      userMessage: `No user with the e-mail ${email}; they must sign in once, or use create-token/grant, which create users.`,
    });
  // Conditional on the role, so two concurrent promotions write one audit row.
  const { count } = await tx.user.updateMany({
    where: { id: user.id, role: { not: "ADMIN" } },
    data: { role: "ADMIN" },
  });
  if (count === 0) return { user: { ...user, role: "ADMIN" as const }, changed: false };
  await appendAuditEvent(tx, {
    actorId,
    action: "user.role_changed",
    targetType: "User",
    targetId: user.id,
    data: { to: "ADMIN", via },
  });
  return { user: { ...user, role: "ADMIN" as const }, changed: true };
};
