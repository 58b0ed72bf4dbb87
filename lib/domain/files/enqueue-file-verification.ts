import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { verifyFileJob } from "@/lib/jobs/verify-file";

/**
 * Marks a file VERIFYING and queues its verify job, inside the caller's transaction (outbox: the job
 * exists if and only if the change commits). For the uploads code once a multipart upload has been
 * completed, or an admin asking for a FAILED file to be checked again after a re-upload. The caller
 * has authorized the change and writes its audit row (e.g. the upload's completion) in the same `tx`.
 * A READY file is refused: its bytes are verified, and re-checking would hide it from downloads.
 */
export const enqueueFileVerification = async (tx: Tx, fileId: string) => {
  const changed = await tx.modelFile.updateMany({
    where: { id: fileId, status: { in: ["UPLOADING", "VERIFYING", "FAILED"] } },
    data: { status: "VERIFYING", failureReason: null, sha256: null },
  });
  if (changed.count === 0) {
    const file = await tx.modelFile.findUnique({ where: { id: fileId }, select: { status: true } });
    if (!file) throw new AppError("NOT_FOUND", { userMessage: "No such file." });
    throw new AppError("CONFLICT", { userMessage: "This file has already been verified." });
  }
  const jobId = await enqueue(verifyFileJob, { fileId }, { tx });
  return { jobId };
};
