// Models with real bytes in the test S3 for download tests: each READY file is uploaded through
// the registry's own putObject, so its sha256 and size are those of the stored object.
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { db } from "@/lib/db";
import { buildStorageKey } from "@/lib/storage/storage-key";
import { putObject } from "@/lib/storage/put-object";
import {
  cleanup,
  createAcceptance,
  createGatedModel,
  createRequest,
  createPublishedVersion,
  createResearcher,
  daysFromNow,
  sha256Hex,
  type GatedModelInput,
} from "./factories";

type FileStatus = "UPLOADING" | "VERIFYING" | "READY" | "FAILED";
export type FileSpec = { path: string; bytes?: Uint8Array; status?: FileStatus };

/** A version of the model with these files; READY ones (the default) are stored in S3. */
export const createVersionWithFiles = async (
  modelId: string,
  files: FileSpec[],
  {
    name = "v1",
    status = "PUBLISHED",
    latest = true,
  }: { name?: string; status?: "DRAFT" | "PUBLISHED"; latest?: boolean } = {},
) => {
  const commitSha = randomBytes(20).toString("hex");
  const rows = [];
  for (const f of files) {
    const bytes = f.bytes ?? randomBytes(1024 + Math.floor(Math.random() * 1024));
    const storageKey = buildStorageKey({ modelId, commitSha, path: f.path });
    const fileStatus = f.status ?? "READY";
    const stored =
      fileStatus === "READY"
        ? await putObject({ key: storageKey, body: bytes, contentType: "application/octet-stream" })
        : null;
    rows.push({
      path: f.path,
      size: bytes.byteLength,
      storageKey,
      status: fileStatus,
      sha256: stored?.sha256 ?? null,
      declaredSha256: sha256Hex(f.path),
      failureReason: fileStatus === "FAILED" ? "sha256 mismatch" : null,
    });
  }
  return createPublishedVersion(modelId, rows, { name, commitSha, status, latest: latest && status === "PUBLISHED" });
};

/** A researcher with an approved, unexpired grant on the model and its current license accepted. */
export const createGrantee = async (model: { id: string; licenseVersion: { id: string; sha256: string } }) => {
  const { user, caller } = await createResearcher();
  const grant = await createRequest({
    userId: user.id,
    modelId: model.id,
    status: "APPROVED",
    licenseVersionId: model.licenseVersion.id,
    expiresAt: daysFromNow(30),
  });
  await createAcceptance(user.id, model.licenseVersion);
  return { user, caller, grant };
};

/** A gated model with one published version holding `files`; cleaned up after the file's tests. */
export const createDownloadableModel = async (tracked: string[], files: FileSpec[], data: GatedModelInput = {}) => {
  const model = await createGatedModel(data);
  tracked.push(model.id);
  const version = await createVersionWithFiles(model.id, files);
  return { model, version };
};

/** Model ids to remove after the file's tests, download events first (they restrict deletes). */
export const trackDownloadModels = () => {
  const modelIds: string[] = [];
  afterAll(async () => {
    await db.downloadEvent.deleteMany({ where: { modelId: { in: modelIds } } });
    await cleanup({ modelIds });
  });
  return modelIds;
};

/** What a download can write for a user and model: its events and every audit row touching them. */
export const downloadSnapshot = async ({ userId, modelId }: { userId: string | null; modelId: string }) => {
  const [events, audit] = await Promise.all([
    db.downloadEvent.findMany({
      where: { OR: [{ modelId }, ...(userId ? [{ userId }] : [])] },
      select: { id: true },
      orderBy: { id: "asc" },
    }),
    db.auditEvent.findMany({
      where: { OR: [{ modelId }, ...(userId ? [{ actorId: userId }, { targetId: userId }] : [])] },
      select: { seq: true },
      orderBy: { seq: "asc" },
    }),
  ]);
  return { events: events.map((e) => e.id), audit: audit.map((a) => a.seq.toString()) };
};
