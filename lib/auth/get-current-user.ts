import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./auth-options";
import type { Caller } from "./caller";
import { findTokenCaller } from "./find-token-caller";

export { canManage, type Caller } from "./caller";

/**
 * The signed-in user of this request (once per request), from the session cookie, or null.
 * Pages use only this; API routes also accept bearer tokens (`getApiCaller`).
 */
export const getCurrentUser = cache(async (): Promise<Caller | null> => {
  const session = await getServerSession(authOptions);
  // A suspended account's existing sessions stop working at once.
  if (!session?.user?.id || session.user.status !== "ACTIVE") return null;
  const { id, email, name, role } = session.user;
  return { id, email, name: name ?? null, role };
});

/**
 * The caller of an API request: a `Bearer` token wins over the session cookie; a token that is
 * unknown, expired or revoked is a 401, never "anonymous".
 */
export const getApiCaller = async (authorization: string | null): Promise<Caller | null> =>
  authorization ? findTokenCaller(authorization) : getCurrentUser();
