import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { authOptions } from "./auth-options";
import { findTokenCaller } from "./find-token-caller";

export type Caller = {
  id: string;
  email: string | null;
  name: string | null;
  role: "RESEARCHER" | "ADMIN";
  /** Set when the caller came with an API token: READ tokens may only read (see canManage). */
  scope?: "READ" | "ADMIN";
};

/** Signed-in sessions and ADMIN-scope tokens may change things; READ tokens only read and download. */
export const canManage = (caller: Caller) => caller.scope !== "READ";

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
