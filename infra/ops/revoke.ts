// ops revoke <email> <org/name> [--reason TEXT]: end a user's active grant now.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { revokeGrantTx } from "@/lib/domain/review/revoke-grant-tx";
import { findUserByEmail } from "@/lib/domain/users/find-or-create-user";
import type { OpsContext } from "./run-command";

/** What the grantee reads on the model's page when the operator gives no reason. */
const DEFAULT_REASON = "Revoked by the registry's operator.";

export const run = async (
  ctx: OpsContext,
  { email, slug, reason }: { email: string; slug: string; reason?: string },
) => {
  await db.$transaction(async (tx) => {
    const model = await tx.model.findUnique({ where: { slug }, select: { id: true } });
    if (!model) throw new AppError("NOT_FOUND", { userMessage: `No model ${slug}.` });
    const user = await findUserByEmail(tx, email);
    if (!user) throw new AppError("NOT_FOUND", { userMessage: `No user with the e-mail ${email}.` });
    const grant = await tx.accessRequest.findFirst({
      where: { userId: user.id, modelId: model.id, status: "APPROVED" },
      select: { id: true },
    });
    if (!grant)
      throw new AppError("NOT_FOUND", { userMessage: `${email} has no active grant for ${slug}; nothing to revoke.` });
    await revokeGrantTx(tx, { requestId: grant.id, actorId: null, reasonText: reason ?? DEFAULT_REASON, via: "ops" });
  });
  ctx.say(
    `Revoked ${email}'s access to ${slug}: no download URL or playground session is issued to them for it from now on.`,
  );
};
