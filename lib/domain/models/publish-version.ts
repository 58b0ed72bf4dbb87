import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { ZVersionRouteParams, type TVersionRouteParams } from "@/lib/schemas/model-admin";
import { authorizeModelWrite } from "./authorize-model-write";
import { findModelVersion } from "./find-model-version";

/**
 * An admin publishes a DRAFT version: from then on it is immutable and downloadable (through the
 * gate). Refused with VERSION_NOT_READY, naming the files, unless it has at least one file and every
 * file is READY. Publishing a published version again changes nothing (`changed: false`).
 * The version row is locked first, so a file being added meanwhile (assertVersionEditable) is
 * either in the check or refused afterwards.
 */
export const publishVersion = async (caller: Caller | null, params: TVersionRouteParams) => {
  const { admin, model } = await authorizeModelWrite(caller, params);
  const { version: ref } = ZVersionRouteParams.parse(params);

  return db.$transaction(async (tx) => {
    const found = await findModelVersion(model.id, ref, tx);
    const [locked] = await tx.$queryRaw<
      { status: string }[]
    >`SELECT status::text AS status FROM "ModelVersion" WHERE id = ${found.id} FOR UPDATE`;
    if (locked?.status === "PUBLISHED") return { version: { ...found, status: "PUBLISHED" as const }, changed: false };

    const files = await tx.modelFile.findMany({
      where: { versionId: found.id },
      orderBy: { path: "asc" },
      select: { path: true, size: true, sha256: true, status: true, failureReason: true },
    });
    if (files.length === 0)
      throw new AppError("VERSION_NOT_READY", {
        userMessage: `Version ${found.name} has no files yet: add at least one before publishing.`,
        fields: { files: ["no files"] },
      });
    const notReady = files.filter((f) => f.status !== "READY");
    if (notReady.length > 0) {
      const described = notReady.map(
        (f) => `${f.path} (${f.status.toLowerCase()}${f.failureReason ? `: ${f.failureReason}` : ""})`,
      );
      throw new AppError("VERSION_NOT_READY", {
        userMessage: `Version ${found.name} cannot be published until every file is ready. Not ready: ${described.slice(0, 5).join(", ")}${described.length > 5 ? ` and ${described.length - 5} more` : ""}.`,
        fields: { files: described },
      });
    }

    const published = await tx.modelVersion.update({
      where: { id: found.id },
      data: { status: "PUBLISHED", publishedAt: new Date() },
      select: { id: true, name: true, commitSha: true, status: true, publishedAt: true },
    });
    await appendAuditEvent(tx, {
      actorId: admin.id,
      action: "version.published",
      modelId: model.id,
      targetType: "ModelVersion",
      targetId: published.id,
      data: {
        model: model.slug,
        name: published.name,
        commitSha: published.commitSha,
        files: files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })),
      },
    });
    return { version: published, changed: true };
  });
};
