import "server-only";
import { AppError } from "@/lib/errors";
import { hashToken, looksLikeToken } from "@/lib/domain/tokens/token-hash";
import { sqlPool, toIso } from "@/lib/sql";
import type { Caller } from "./caller";

const LAST_USED_GRANULARITY_MS = 60_000;

type TokenRow = {
  id: string;
  scope: NonNullable<Caller["scope"]>;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  userId: string;
  email: string | null;
  name: string | null;
  role: Caller["role"];
  status: string;
};

const UNKNOWN_TOKEN = "Unknown, expired or revoked token: create a new one on your tokens page.";
const refuse = (message: string) => new AppError("UNAUTHORIZED", { userMessage: message, action: "/account/tokens" });

/**
 * The caller an `Authorization: Bearer <token>` header stands for. Every failure says why (a
 * client that silently turns into "anonymous" would answer 403 GatedRepo and hide the cause).
 */
export const findTokenCaller = async (authorization: string): Promise<Caller> => {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw refuse("The Authorization header must be `Bearer <token>`.");
  const token = match[1] as string;
  // A token of another shape that still starts with hf_ (a Hugging Face token, a truncated copy) is
  // one this portal does not know, like any other unknown token.
  if (!looksLikeToken(token))
    throw refuse(token.startsWith("hf_") ? UNKNOWN_TOKEN : "This is not a registry token (they start with hf_).");
  // Plain SQL: every API call and every URL issuance starts here.
  const { rows } = await sqlPool().query<TokenRow>({
    name: "token-caller",
    text: `SELECT t.id, t.scope::text AS scope, t."expiresAt", t."revokedAt", t."lastUsedAt",
            u.id AS "userId", u.email, u.name, u.role::text AS role, u.status::text AS status
     FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE t."tokenHash" = $1`,
    values: [hashToken(token)],
  });
  const row = rows[0];
  const now = Date.now();
  if (!row) throw refuse(UNKNOWN_TOKEN);
  if (row.revokedAt) throw refuse("The token was revoked.");
  if (row.expiresAt && row.expiresAt.getTime() <= now) throw refuse("The token has expired.");
  if (row.status !== "ACTIVE") throw refuse("The account of this token is suspended.");
  // One write a minute at most, not one per request.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS)
    await sqlPool().query(`UPDATE "ApiToken" SET "lastUsedAt" = $2::timestamp WHERE id = $1`, [
      row.id,
      toIso(new Date(now)),
    ]);
  return { id: row.userId, email: row.email, name: row.name, role: row.role, scope: row.scope };
};
