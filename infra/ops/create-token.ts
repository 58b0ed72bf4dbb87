// ops create-token <email> [--scope read|admin] [--days N] [--name NAME]: the token alone on stdout.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { issueApiToken } from "@/lib/domain/tokens/create-api-token";
import { findOrCreateUser } from "@/lib/domain/users/find-or-create-user";
import { ZCreateTokenInput } from "@/lib/schemas/tokens";
import { formatInstant, type OpsContext } from "./run-command";

type Args = { email: string; scope?: "READ" | "ADMIN"; days?: number; name?: string };

export const run = async (ctx: OpsContext, { email, scope, days, name }: Args) => {
  const input = ZCreateTokenInput.parse({ name: name ?? "ops", scope, expiresInDays: days });
  const { issued, user, created } = await db.$transaction(async (tx) => {
    const { user, created } = await findOrCreateUser(tx, { email, actorId: null, via: "ops" });
    // Same rule as the account page; refusing rolls back a user created just now.
    if (input.scope === "ADMIN" && user.role !== "ADMIN")
      throw new AppError("FORBIDDEN", {
        userMessage: `${email} is not an admin, so an admin-scope token is refused: run make-admin first, or create a read token.`,
      });
    return { issued: await issueApiToken(tx, { userId: user.id, actorId: null, ...input, via: "ops" }), user, created };
  });
  if (created) ctx.note(`Created the user ${user.email}.`);
  if (user.status !== "ACTIVE")
    ctx.note(
      `Note: the account of ${user.email} is ${user.status.toLowerCase()}; its tokens are refused until it is active.`,
    );
  ctx.note(
    `Created ${issued.scope.toLowerCase()} token "${issued.name}" (${issued.prefix}…) for ${user.email}, valid until ${formatInstant(issued.expiresAt)}. It is shown once, below:`,
  );
  ctx.say(issued.token);
};
