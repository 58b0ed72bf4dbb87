import "server-only";
import type { Tx } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZOpsEmail } from "@/lib/schemas/ops";

const userSelect = { id: true, email: true, name: true, role: true, status: true } as const;

/**
 * The user with this e-mail (matched case-insensitively: OAuth providers may store mixed case),
 * or a new one that signs in later with a magic link to the same address. Creation is audited.
 * No caller check: only trusted server code (the ops command) calls this.
 */
export const findOrCreateUser = async (
  tx: Tx,
  { email: raw, actorId, via }: { email: string; actorId: string | null; via: string },
) => {
  const email = ZOpsEmail.parse(raw);
  const existing = await findUserByEmail(tx, email);
  if (existing) return { user: existing, created: false };
  const user = await tx.user.create({ data: { email }, select: userSelect });
  await appendAuditEvent(tx, {
    actorId,
    action: "user.created",
    targetType: "User",
    targetId: user.id,
    data: { email, via },
  });
  return { user, created: true };
};

export const findUserByEmail = (tx: Tx, email: string) =>
  tx.user.findFirst({
    where: { email: { equals: email, mode: "insensitive" } },
    select: userSelect,
    orderBy: { createdAt: "asc" },
  });
