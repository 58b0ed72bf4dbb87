import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZSetGrantQuotaInput } from "@/lib/schemas/review";
import { findReviewableRequest } from "./find-reviewable-request";

/**
 * Sets a request's own download quota (files and/or bytes; null = the model's default), before or
 * after approval. Usage already counted stays counted: lowering the quota below it stops further
 * downloads, raising it lets them go on.
 */
export const setGrantQuota = async (caller: Caller | null, { id }: { id: string }, raw: unknown) =>
  db.$transaction(async (tx) => {
    const request = await findReviewableRequest(tx, caller, id);
    const input = ZSetGrantQuotaInput.parse(raw);
    if (request.status !== "PENDING" && request.status !== "APPROVED")
      throw new AppError("CONFLICT", {
        userMessage: `Only a pending request or an active grant takes a quota; this request is ${request.status.toLowerCase()}.`,
      });
    const before = await tx.accessRequest.findUniqueOrThrow({
      where: { id },
      select: { downloadQuotaFiles: true, downloadQuotaBytes: true },
    });
    const after = {
      downloadQuotaFiles: input.files,
      downloadQuotaBytes: input.bytes === null ? null : BigInt(input.bytes),
    };
    await tx.accessRequest.update({ where: { id }, data: after });
    await appendAuditEvent(tx, {
      actorId: (caller as Caller).id,
      action: "access_request.quota_set",
      modelId: request.model.id,
      targetType: "AccessRequest",
      targetId: id,
      data: {
        from: {
          files: before.downloadQuotaFiles,
          bytes: before.downloadQuotaBytes === null ? null : Number(before.downloadQuotaBytes),
        },
        to: { files: input.files, bytes: input.bytes },
      },
    });
    return { id, quota: { files: input.files, bytes: input.bytes } };
  });
