import "server-only";
import { canManage, type Caller } from "@/lib/auth/caller";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { assertTokenCap } from "@/lib/domain/users/user-caps";
import { ZCreateTokenInput } from "@/lib/schemas/tokens";
import { generateToken, hashToken, tokenDisplayPrefix } from "./token-hash";
import { addDays } from "@/lib/time";

type IssueInput = {
  userId: string;
  actorId: string | null;
  name: string;
  scope: "READ" | "ADMIN";
  expiresInDays: number;
  via?: string;
};

/**
 * Stores a new token's hash and returns the token itself, the only time it exists in clear.
 * Audited in the caller's transaction. Shared by the account API and `npm run ops -- create-token`.
 */
export const issueApiToken = async (tx: Tx, input: IssueInput) => {
  const token = generateToken();
  const expiresAt = addDays(new Date(), input.expiresInDays);
  const row = await tx.apiToken.create({
    data: {
      userId: input.userId,
      name: input.name,
      scope: input.scope,
      prefix: tokenDisplayPrefix(token),
      tokenHash: hashToken(token),
      expiresAt,
    },
    select: { id: true, name: true, prefix: true, scope: true, expiresAt: true, createdAt: true },
  });
  await appendAuditEvent(tx, {
    actorId: input.actorId,
    action: "token.created",
    targetType: "ApiToken",
    targetId: row.id,
    data: {
      userId: input.userId,
      name: row.name,
      scope: row.scope,
      prefix: row.prefix,
      expiresAt: expiresAt.toISOString(),
      ...(input.via ? { via: input.via } : {}),
    },
  });
  return { ...row, token };
};

/** A signed-in user creates a personal token. Only admins may create ADMIN-scope tokens. */
export const createApiToken = async (caller: Caller | null, raw: unknown) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  // A token cannot mint tokens: otherwise a leaked READ token would outlive its own revocation.
  if (caller.scope)
    throw new AppError("FORBIDDEN", {
      userMessage: "Tokens are created from a signed-in session, not with another token.",
    });
  const input = ZCreateTokenInput.parse(raw);
  if (input.scope === "ADMIN" && caller.role !== "ADMIN")
    throw new AppError("VALIDATION_FAILED", { fields: { scope: ["Only administrators can create admin tokens"] } });
  if (!canManage(caller)) throw new AppError("FORBIDDEN");
  return db.$transaction(async (tx) => {
    await assertTokenCap(tx, caller.id);
    return issueApiToken(tx, { userId: caller.id, actorId: caller.id, ...input });
  });
};
