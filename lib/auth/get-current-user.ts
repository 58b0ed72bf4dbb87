import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./auth-options";

export type Caller = { id: string; email: string | null; name: string | null; role: "RESEARCHER" | "ADMIN" };

/** The signed-in user for this request (once per request), or null. */
export const getCurrentUser = cache(async (): Promise<Caller | null> => {
  const session = await getServerSession(authOptions);
  // A suspended account's existing sessions stop working at once.
  if (!session?.user?.id || session.user.status !== "ACTIVE") return null;
  const { id, email, name, role } = session.user;
  return { id, email, name: name ?? null, role };
});
