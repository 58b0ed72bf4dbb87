// ops audit-verify: walk the audit hash chain, check it against the latest signed checkpoint, and
// name the first row that does not match.
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { verifyAuditLog } from "@/lib/domain/audit/verify-audit-log";
import type { OpsContext } from "./run-command";

const PROGRESS_EVERY_MS = 2_000;

const explain = {
  prev_hash_mismatch: "it does not point at the row before it (a row was removed, inserted or reordered)",
  hash_mismatch: "its content no longer matches its hash (the row was edited)",
  checkpoint_mismatch:
    "its hash is not the one the signed checkpoint recorded: rows up to it were rewritten and the later hashes recomputed",
  rows_missing: "rows the signed checkpoint recorded are missing at the tail (removed)",
  checkpoint_signature_invalid: "a checkpoint in the bucket does not verify with the checkpoint key",
} as const;

const describeCheckpoint = (c: Awaited<ReturnType<typeof verifyAuditLog>>["checkpoint"]) => {
  switch (c.status) {
    case "not_configured":
      return "no checkpoint key (AUDIT_CHECKPOINT_KEY): chain checked on its own";
    case "none":
      return "no signed checkpoint yet";
    default:
      return `checkpoint of seq ${c.seq} at ${c.time} (${c.object})`;
  }
};

export const run = async (ctx: OpsContext) => {
  let lastNote = Date.now();
  const result = await verifyAuditLog({
    onProgress: (checked) => {
      if (Date.now() - lastNote < PROGRESS_EVERY_MS) return;
      lastNote = Date.now();
      ctx.note(`… ${checked} rows verified`);
    },
  });
  // Recorded like a verification from the admin page, marked as the operator's.
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: null,
      action: "audit.verified",
      targetType: "AuditLog",
      targetId: result.ok ? (result.lastSeq ?? "0") : result.firstBadSeq,
      data: { ...result, via: "ops" },
    }),
  );
  if (result.ok) {
    ctx.say(
      `Audit chain intact: ${result.checked} rows verified${result.lastSeq ? ` (up to seq ${result.lastSeq})` : ""}.`,
    );
    ctx.note(`Against ${describeCheckpoint(result.checkpoint)}.`);
    return 0;
  }
  ctx.note(
    [
      `Audit chain BROKEN at seq ${result.firstBadSeq}: ${explain[result.reason] ?? result.reason}.`,
      `  checked against ${describeCheckpoint(result.checkpoint)}`,
      ...result.invalidCheckpoints.map((c) => `  invalid checkpoint ${c.object}: ${c.reason}`),
      `  expected ${result.expected}`,
      `  actual   ${result.actual}`,
      `${result.checked} rows before it verified; rows from seq ${result.firstBadSeq} on cannot be trusted until this is explained.`,
    ].join("\n"),
  );
  return 1;
};
