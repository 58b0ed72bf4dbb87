// ops grant <email> <org/name> [--days N]: give (or extend) access to a gated model.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { grantAccess } from "@/lib/domain/review/grant-access";
import { formatInstant, type OpsContext } from "./run-command";
import { isUniqueViolation } from "@/lib/db-errors";

export const run = async (ctx: OpsContext, { email, slug, days }: { email: string; slug: string; days?: number }) => {
  await ctx.useQueue();
  const r = await db
    .$transaction((tx) => grantAccess(tx, { email, slug, days, actorId: null, via: "ops" }))
    .catch((e: unknown) => {
      // The one-open-request index refused a row another writer created meanwhile.
      if (isUniqueViolation(e))
        throw new AppError("CONFLICT", {
          userMessage: "The user's request for this model changed meanwhile; run the command again.",
        });
      throw e;
    });
  const who = r.user.email ?? email;
  if (r.user.created) ctx.note(`Created the user ${who}; they sign in with a magic link to that address.`);
  const until = r.request.expiresAt ? `until ${formatInstant(r.request.expiresAt)}` : "with no expiry";
  ctx.say(
    {
      created: `Granted ${who} access to ${r.model.slug} ${until}.`,
      approved: `Approved ${who}'s pending request for ${r.model.slug} ${until}.`,
      extended: `Extended ${who}'s access to ${r.model.slug} ${until}.`,
      unchanged: `${who} already has access to ${r.model.slug} ${until}; nothing changed.`,
    }[r.outcome],
  );
  if (!r.license.accepted)
    ctx.say(
      `Before downloading they must accept ${r.license.name} version ${r.license.version}: ${env.NEXTAUTH_URL}/models/${r.model.slug}/license`,
    );
  if (r.model.visibility !== "PUBLIC")
    ctx.note(
      `Note: ${r.model.slug} is ${r.model.visibility.toLowerCase()}: only admins see it, so the grant takes effect once it is public.`,
    );
  if (r.user.status !== "ACTIVE")
    ctx.note(`Note: the account of ${who} is ${r.user.status.toLowerCase()}; it cannot sign in or use tokens.`);
};
