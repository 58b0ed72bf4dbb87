import "server-only";
import { randomBytes } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import type { TModelRouteParams } from "@/lib/schemas/catalog";
import { ZCreateVersionInput } from "@/lib/schemas/model-admin";
import { authorizeModelWrite } from "./authorize-model-write";
import { isUniqueViolation } from "@/lib/db-errors";

const nameTaken = (name: string) =>
  new AppError("CONFLICT", {
    userMessage: `This model has a version named ${name} already; choose another name.`,
    fields: { name: [`${name} exists already`] },
  });

/**
 * An admin opens a new revision of a model: a DRAFT with no files, whose commit id (40 random hex
 * characters, as Hub clients expect a commit sha) is its permanent id. Names are unique per model,
 * compared without case so `V2` and `v2` never both exist.
 */
export const createVersion = async (caller: Caller | null, params: TModelRouteParams, raw: unknown) => {
  const { admin, model } = await authorizeModelWrite(caller, params);
  const input = ZCreateVersionInput.parse(raw);
  const clash = await db.modelVersion.findFirst({
    where: { modelId: model.id, name: { equals: input.name, mode: "insensitive" } },
    select: { name: true },
  });
  if (clash) throw nameTaken(clash.name);

  return db
    .$transaction(async (tx) => {
      const version = await tx.modelVersion.create({
        data: { modelId: model.id, name: input.name, notes: input.notes, commitSha: randomBytes(20).toString("hex") },
        select: { id: true, name: true, commitSha: true, status: true, notes: true, createdAt: true },
      });
      await appendAuditEvent(tx, {
        actorId: admin.id,
        action: "version.created",
        modelId: model.id,
        targetType: "ModelVersion",
        targetId: version.id,
        data: { model: model.slug, name: version.name, commitSha: version.commitSha },
      });
      return { version };
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw nameTaken(input.name);
      throw e;
    });
};
