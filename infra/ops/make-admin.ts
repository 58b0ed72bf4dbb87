// ops make-admin <email>: promote an existing user to ADMIN.
import { db } from "@/lib/db";
import { makeAdmin } from "@/lib/domain/users/make-admin";
import type { OpsContext } from "./run-command";

export const run = async (ctx: OpsContext, { email }: { email: string }) => {
  const { user, changed } = await db.$transaction((tx) => makeAdmin(tx, { email, actorId: null, via: "ops" }));
  ctx.say(changed ? `${user.email} is now an admin.` : `${user.email} is already an admin; nothing changed.`);
};
