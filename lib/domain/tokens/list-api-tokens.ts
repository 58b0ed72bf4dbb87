import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The caller's tokens, newest first, by prefix (the token itself is never stored). */
export const listApiTokens = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const tokens = await db.apiToken.findMany({
    where: { userId: caller.id },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      scope: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
  const now = Date.now();
  return tokens.map((t) => ({ ...t, active: !t.revokedAt && (!t.expiresAt || t.expiresAt.getTime() > now) }));
};
