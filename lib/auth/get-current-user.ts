import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { authOptions } from "./auth-options";
import type { Caller } from "./caller";
import { findTokenCaller } from "./find-token-caller";

export { canManage, type Caller } from "./caller";

/**
 * The caller of this request (once per request), or null. A `Bearer` token wins over the
 * session cookie; a token that is unknown, expired or revoked is a 401, never "anonymous".
 */
export const getCurrentUser = cache(async (): Promise<Caller | null> => {
  const authorization = (await headers()).get("authorization");
  if (authorization) return findTokenCaller(authorization);
  const session = await getServerSession(authOptions);
  // A suspended account's existing sessions stop working at once.
  if (!session?.user?.id || session.user.status !== "ACTIVE") return null;
  const { id, email, name, role } = session.user;
  return { id, email, name: name ?? null, role };
});
