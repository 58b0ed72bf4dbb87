import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { ZSetLatestVersionInput } from "@/lib/schemas/model-admin";
import { authorizeModelWrite } from "./authorize-model-write";
import { findModelVersion } from "./find-model-version";

/**
 * An admin chooses which published version is the model's latest: what `main` means for the model
 * page, downloads and Hub clients. Drafts cannot be the latest (VERSION_NOT_READY). Choosing the
 * current latest again changes nothing (`changed: false`).
 */
export const setLatestVersion = async (caller: Caller | null, params: TModelRouteParams, raw: unknown) => {
  const { admin, model } = await authorizeModelWrite(caller, params);
  const input = ZSetLatestVersionInput.parse(raw);

  return db.$transaction(async (tx) => {
    // Two admins choosing at once: one after the other, each audited with the true previous latest.
    await tx.$queryRaw`SELECT 1 FROM "Model" WHERE id = ${model.id} FOR UPDATE`;
    const version = await findModelVersion(model.id, input.version, tx).catch((e: unknown) => {
      if (e instanceof AppError && e.code === "NOT_FOUND")
        throw new AppError("VALIDATION_FAILED", {
          fields: { version: [`This model has no version ${input.version}.`] },
        });
      throw e;
    });
    if (version.status !== "PUBLISHED")
      throw new AppError("VERSION_NOT_READY", {
        userMessage: `Version ${version.name} is a draft: publish it before making it the latest.`,
        fields: { version: ["not published"] },
      });
    const { latestVersion: previous } = await tx.model.findUniqueOrThrow({
      where: { id: model.id },
      select: { latestVersion: { select: { id: true, name: true } } },
    });
    const result = { version: { name: version.name, commitSha: version.commitSha }, previous: previous?.name ?? null };
    if (previous?.id === version.id) return { ...result, changed: false };

    await tx.model.update({ where: { id: model.id }, data: { latestVersionId: version.id } });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "version.latest_set",
      modelId: model.id,
      targetType: "ModelVersion",
      targetId: version.id,
      data: { model: model.slug, name: version.name, commitSha: version.commitSha, previous: previous?.name ?? null },
    });
    return { ...result, changed: true };
  });
};
