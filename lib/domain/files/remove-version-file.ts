import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { assertVersionEditable } from "@/lib/domain/models/assert-version-editable";
import type { TVersionFileRouteParams } from "@/lib/schemas/version-files";
import { authorizeVersionFile, lockVersionFile } from "./authorize-version-file";
import { deleteObjectUnlessInUse } from "./delete-object-unless-in-use";

/**
 * An admin removes a file (READY, FAILED or VERIFYING) from a DRAFT version: the row goes (with
 * its completed upload record) and the `file.removed` audit row is written in one transaction, then
 * the object is deleted from storage. An UPLOADING file is a 409 (cancelling its upload removes it
 * and aborts the parts); a published version is VERSION_IMMUTABLE. A verify or inspect job still
 * queued for the file finds no row and does nothing.
 */
export const removeVersionFile = async (caller: Caller | null, params: TVersionFileRouteParams) => {
  const { admin, model, version: found, path } = await authorizeVersionFile(caller, params);
  const removed = await db.$transaction(async (tx) => {
    const version = await assertVersionEditable(tx, found.id);
    const file = await lockVersionFile(tx, version, path);
    if (file.status === "UPLOADING")
      throw new AppError("CONFLICT", {
        userMessage: `${path} is still being uploaded; cancel the upload instead (that removes the file and its parts).`,
      });
    await tx.modelFile.delete({ where: { id: file.id } });
    const summary = { path, size: Number(file.size), sha256: file.sha256, status: file.status };
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "file.removed",
      modelId: model.id,
      targetType: "ModelFile",
      targetId: file.id,
      data: { version: version.name, ...summary, declaredSha256: file.declaredSha256 },
    });
    return { ...summary, id: file.id, storageKey: file.storageKey };
  });
  const objectDeleted = await deleteObjectUnlessInUse(removed.storageKey, { fileId: removed.id, path: removed.path });
  return {
    removed: { path: removed.path, size: removed.size, sha256: removed.sha256, status: removed.status },
    objectDeleted,
  };
};
