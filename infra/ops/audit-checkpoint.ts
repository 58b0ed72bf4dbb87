// ops audit-checkpoint: sign the audit chain's tail now and store the checkpoint in the bucket.
import { createAuditCheckpoint } from "@/lib/domain/audit/create-audit-checkpoint";
import { AppError } from "@/lib/errors";
import type { OpsContext } from "./run-command";

export const run = async (ctx: OpsContext) => {
  if (!process.env.AUDIT_CHECKPOINT_KEY)
    throw new AppError("CONFLICT", {
      userMessage:
        "No checkpoint key: set AUDIT_CHECKPOINT_KEY (an Ed25519 private key, PEM), or run against an embedded data dir (it keeps one in audit-checkpoint.key).",
    });
  const made = await createAuditCheckpoint();
  if (!made) {
    ctx.say("The audit log is empty: nothing to sign.");
    return 0;
  }
  ctx.say(
    `Signed checkpoint of seq ${made.checkpoint.seq} (hash ${made.checkpoint.hash.slice(0, 16)}…) stored as ${made.key}.`,
  );
  return 0;
};
