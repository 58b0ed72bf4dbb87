import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashToken, looksLikeToken } from "@/lib/domain/tokens/token-hash";
import type { Caller } from "./caller";

const LAST_USED_GRANULARITY_MS = 60_000;

const refuse = (message: string) => new AppError("UNAUTHORIZED", { userMessage: message, action: "/account/tokens" });

/**
 * The caller an `Authorization: Bearer <token>` header stands for. Every failure says why (a
 * client that silently turns into "anonymous" would answer 403 GatedRepo and hide the cause).
 */
export const findTokenCaller = async (authorization: string): Promise<Caller> => {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw refuse("The Authorization header must be `Bearer <token>`.");
  const token = match[1] as string;
  if (!looksLikeToken(token)) throw refuse("This is not a registry token (they start with hf_).");
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true, status: true } } },
  });
  const now = Date.now();
  if (!row) throw refuse("The token is not valid.");
  if (row.revokedAt) throw refuse("The token was revoked.");
  if (row.expiresAt && row.expiresAt.getTime() <= now) throw refuse("The token has expired.");
  if (row.user.status !== "ACTIVE") throw refuse("The account of this token is suspended.");
  // One write a minute at most, not one per request.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  const { id, email, name, role } = row.user;
  return { id, email, name, role, scope: row.scope };
};
