import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The caller's own account: identity, role, sign-in methods and active sessions. */
export const getAccount = async (caller: Caller | null) => {
  if (!caller) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  const user = await db.user.findUnique({
    where: { id: caller.id },
    select: {
      email: true,
      emailVerified: true,
      name: true,
      role: true,
      createdAt: true,
      accounts: { select: { provider: true } },
      _count: { select: { sessions: { where: { expires: { gt: new Date() } } } } },
    },
  });
  if (!user) throw new AppError("SIGN_IN_REQUIRED", { action: "/sign-in" });
  return {
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    role: user.role,
    memberSince: user.createdAt,
    signInMethods: ["email", ...user.accounts.map((a) => a.provider)],
    activeSessions: user._count.sessions,
  };
};
