import "server-only";
import { db } from "@/lib/db";

/** Records that an identity provider vouched for the user's address (kept if already known). */
export const markEmailVerified = async (userId: string) => {
  await db.user.updateMany({ where: { id: userId, emailVerified: null }, data: { emailVerified: new Date() } });
};
