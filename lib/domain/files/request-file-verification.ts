import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { assertVersionEditable } from "@/lib/domain/models/assert-version-editable";
import type { TVersionFileRouteParams } from "@/lib/schemas/version-files";
import { authorizeVersionFile, lockVersionFile } from "./authorize-version-file";
import { enqueueFileVerification } from "./enqueue-file-verification";

/**
 * "Verify again": an admin queues a fresh check of a FAILED file of a DRAFT version (after fixing
 * the object in storage, or after a storage outage outlasted the job's retries), or of one stuck
 * VERIFYING (its job gave up without a verdict, e.g. its worker died on the last attempt). The file
 * goes VERIFYING with its reason cleared, the job row and the audit row in one transaction.
 * A job still running for a stuck file is superseded: its result no longer matches the file's
 * `updatedAt`, so only the new job decides. READY and UPLOADING files are a 409; a published
 * version is VERSION_IMMUTABLE.
 */
export const requestFileVerification = async (caller: Caller | null, params: TVersionFileRouteParams) => {
  const { admin, model, version: found, path } = await authorizeVersionFile(caller, params);
  return db.$transaction(async (tx) => {
    const version = await assertVersionEditable(tx, found.id);
    const file = await lockVersionFile(tx, version, path);
    if (file.status === "UPLOADING")
      throw new AppError("CONFLICT", {
        userMessage: `${path} is still being uploaded; finish the upload (it is verified then) or cancel it.`,
      });
    if (file.status === "READY")
      throw new AppError("CONFLICT", {
        userMessage: `${path} is already verified and ready; there is nothing to check again.`,
      });
    await enqueueFileVerification(tx, file.id);
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "file.reverify_requested",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: file.id,
      data: { version: version.name, path, previousStatus: file.status, previousReason: file.failureReason },
    });
    return { file: { id: file.id, path, status: "VERIFYING" as const } };
  });
};
