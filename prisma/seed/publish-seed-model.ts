import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { putObject } from "@/lib/storage/put-object";
import { buildStorageKey } from "@/lib/storage/storage-key";
import type { SeedModel } from "./demo-catalog";
import { inspectSeedFile } from "./inspect-seed-file";

const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

/**
 * Stores a seed model's files in S3 through the project's storage code, measuring size and sha256
 * on the bytes sent. Ids are derived from the slug, so a seed that failed half-way and runs again
 * overwrites the same objects instead of leaving orphans.
 */
export const uploadSeedModel = async (model: SeedModel) => {
  const slug = `${model.org}/${model.name}`;
  const modelId = `seed${sha(`model:${slug}`).slice(0, 21)}`;
  const files = await model.files();
  const manifest = files.map((f) => `${f.path}\0${sha(f.bytes)}`).join("\n");
  // A version's permanent id, derived from its content like a commit hash (40 hex characters).
  const commitSha = sha(`${slug}\n${manifest}`).slice(0, 40);
  const stored = await Promise.all(
    files.map(async (f) => {
      const storageKey = buildStorageKey({ modelId, commitSha, path: f.path });
      const { size, sha256 } = await putObject({
        key: storageKey,
        body: f.bytes,
        contentType: "application/octet-stream",
      });
      return { path: f.path, size, sha256, storageKey, inspection: await inspectSeedFile(f.path, f.bytes) };
    }),
  );
  return { model, slug, modelId, commitSha, files: stored };
};

/** Writes the model, its published version `v1` (marked latest) and their audit rows, inside `tx`. */
export const insertSeedModel = async (
  tx: Tx,
  { model, slug, modelId, commitSha, files }: Awaited<ReturnType<typeof uploadSeedModel>>,
  { licenseVersionId, adminId }: { licenseVersionId: string; adminId: string },
) => {
  await tx.model.create({
    data: {
      id: modelId,
      slug,
      org: model.org,
      name: model.name,
      title: model.title,
      summary: model.summary,
      task: model.task,
      cardMarkdown: model.card,
      gating: model.gating,
      playgroundEnabled: model.playgroundEnabled,
      grantDurationDays: model.grantDurationDays,
      formDefinition: model.formDefinition,
      currentLicenseVersionId: licenseVersionId,
    },
  });
  const version = await tx.modelVersion.create({
    data: {
      modelId,
      name: "v1",
      commitSha,
      status: "PUBLISHED",
      publishedAt: new Date(),
      notes: "Initial release (seeded demo).",
      files: {
        create: files.map((f) => ({
          path: f.path,
          size: BigInt(f.size),
          sha256: f.sha256,
          declaredSha256: f.sha256,
          storageKey: f.storageKey,
          status: "READY" as const,
          inspection: f.inspection,
        })),
      },
    },
    select: { id: true },
  });
  await tx.model.update({ where: { id: modelId }, data: { latestVersionId: version.id } });
  await appendAuditEvent(tx, {
    actorId: adminId,
    action: "model.created",
    modelId,
    targetType: "Model",
    targetId: modelId,
    data: { slug },
  });
  await appendAuditEvent(tx, {
    actorId: adminId,
    action: "version.published",
    modelId,
    targetType: "ModelVersion",
    targetId: version.id,
    data: { name: "v1", commitSha, files: files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) },
  });
};
