import "server-only";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { emitWebhookEvent } from "@/lib/domain/webhooks/emit-webhook-event";
import { inspectFileJob } from "@/lib/jobs/inspect-file";
import { enqueue } from "@/lib/jobs/queue";
import { verifyFileJob, type TVerifyFilePayload } from "@/lib/jobs/verify-file";
import { inspectionKindOf } from "@/lib/schemas/inspection";
import { hashObject, type ObjectDigest } from "@/lib/storage/hash-object";
import { describeMismatch } from "./describe-mismatch";
import { describeReadFailure } from "./describe-read-failure";

export type VerifyFileResult =
  | { outcome: "ready"; sha256: string; size: number }
  | { outcome: "failed"; reason: string }
  /** Nothing to do: no such file, not VERIFYING, or changed by someone else meanwhile. */
  | { outcome: "skipped"; status: string | null };

/**
 * The verify job's work for one file (a system action: there is no caller to authorize). Streams the
 * object and hashes it, then moves the file VERIFYING → READY (sha256 set) or FAILED (reason), with
 * its audit row, its webhook event and, for READY `.onnx` / `.safetensors`, the inspect job, all in
 * one transaction. Idempotent: only a VERIFYING file is processed and the transition is conditional,
 * so a job run twice (a killed worker's job re-run after its expiry) changes the file once.
 * Storage and network errors throw, for pg-boss to retry; a mismatch is a result, not an error.
 * On the job's `lastAttempt` nothing would retry, so a storage error there ends the file FAILED
 * ("could not read the object from storage after N attempts: …") the same way, instead of leaving
 * it VERIFYING for good.
 */
export const verifyFile = async (
  payload: TVerifyFilePayload,
  { signal, attempt = 1, lastAttempt = false }: { signal?: AbortSignal; attempt?: number; lastAttempt?: boolean } = {},
): Promise<VerifyFileResult> => {
  const { fileId } = verifyFileJob.schema.parse(payload);
  const file = await db.modelFile.findUnique({
    where: { id: fileId },
    select: {
      id: true,
      path: true,
      size: true,
      declaredSha256: true,
      storageKey: true,
      status: true,
      updatedAt: true,
      version: { select: { id: true, name: true, commitSha: true, model: { select: { id: true, slug: true } } } },
    },
  });
  if (!file || file.status !== "VERIFYING") return { outcome: "skipped", status: file?.status ?? null };

  let measured: ObjectDigest | null;
  let reason: string | null;
  let readFailed = false;
  try {
    measured = await hashObject({ key: file.storageKey, signal });
    reason = describeMismatch({ size: file.size, sha256: file.declaredSha256 }, measured);
  } catch (e) {
    if (!lastAttempt) throw e;
    // Out of time: the SDK's own abort error says less than the signal's reason.
    reason = describeReadFailure(signal?.aborted ? signal.reason : e, attempt);
    measured = null;
    readFailed = true;
  }
  const { model, ...version } = file.version;
  const subject = {
    fileId: file.id,
    path: file.path,
    model: model.slug,
    version: version.name,
    commitSha: version.commitSha,
  };

  return db.$transaction(async (tx): Promise<VerifyFileResult> => {
    // `updatedAt` too: a file re-uploaded and re-queued while this run was hashing is left to the newer job.
    const changed = await tx.modelFile.updateMany({
      where: { id: file.id, status: "VERIFYING", updatedAt: file.updatedAt },
      data: reason
        ? { status: "FAILED", failureReason: reason, sha256: null }
        : { status: "READY", failureReason: null, sha256: measured?.sha256 },
    });
    if (changed.count === 0)
      return {
        outcome: "skipped",
        status: (await tx.modelFile.findUnique({ where: { id: file.id }, select: { status: true } }))?.status ?? null,
      };

    const measuredData = measured
      ? { measuredSize: measured.size, measuredSha256: measured.sha256 }
      : { measuredSize: null, measuredSha256: null };
    await appendAuditEvent(tx, {
      actorId: null,
      action: reason ? "file.failed" : "file.verified",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: file.id,
      data: {
        ...subject,
        declaredSize: Number(file.size),
        declaredSha256: file.declaredSha256,
        ...measuredData,
        ...(reason ? { reason } : {}),
        ...(readFailed ? { attempts: attempt } : {}),
        via: "worker",
      },
    });
    await emitWebhookEvent(tx, {
      event: reason ? "file.failed" : "file.ready",
      modelId: model.id,
      data: reason ? { ...subject, reason } : { ...subject, size: measured?.size, sha256: measured?.sha256 },
    });
    if (reason || !measured) return { outcome: "failed", reason: reason ?? "object missing in storage" };
    // Outbox: the inspect job exists if and only if the file became READY.
    if (inspectionKindOf(file.path)) await enqueue(inspectFileJob, { fileId: file.id }, { tx });
    return { outcome: "ready", sha256: measured.sha256, size: measured.size };
  });
};
