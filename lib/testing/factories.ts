// Small row factories for tests that share one database with other test files running in
// parallel: every value that must be unique gets a random suffix, and nothing assumes an empty table.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/db";

/** A short random lower-case id, safe inside e-mails, slugs and org names. */
export const uid = () => randomUUID().replace(/-/g, "").slice(0, 12);

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export const createUser = (data: { email?: string | null; role?: "RESEARCHER" | "ADMIN"; name?: string } = {}) =>
  db.user.create({
    data: {
      email: data.email === undefined ? `user-${uid()}@example.test` : data.email,
      role: data.role ?? "RESEARCHER",
      name: data.name ?? null,
    },
  });

/** A license with one version whose sha256 is the hash of its text (as the CHECK requires). */
export const createLicenseVersion = async (data: { text?: string; version?: string; licenseName?: string } = {}) => {
  const id = uid();
  const text = data.text ?? `License text ${id}\nYou may use these weights for research.`;
  const license = await db.license.create({ data: { slug: `lic-${id}`, name: data.licenseName ?? `License ${id}` } });
  return db.licenseVersion.create({
    data: { licenseId: license.id, version: data.version ?? "1.0", text, sha256: sha256Hex(text) },
    include: { license: true },
  });
};

export type ModelInput = {
  org?: string;
  name?: string;
  title?: string;
  summary?: string;
  task?: string;
  visibility?: "PUBLIC" | "PRIVATE";
  gating?: "OPEN" | "AUTO" | "MANUAL";
  licenseVersionId?: string;
};

export const createModel = async (data: ModelInput = {}) => {
  const org = data.org ?? `org-${uid()}`;
  const name = data.name ?? `model-${uid()}`;
  const licenseVersionId = data.licenseVersionId ?? (await createLicenseVersion()).id;
  return db.model.create({
    data: {
      org,
      name,
      slug: `${org}/${name}`,
      title: data.title ?? `Model ${name}`,
      summary: data.summary ?? "",
      task: data.task ?? "text-generation",
      visibility: data.visibility ?? "PUBLIC",
      gating: data.gating ?? "MANUAL",
      currentLicenseVersionId: licenseVersionId,
    },
  });
};

/** A published version with files, set as the model's latest. */
export const createPublishedVersion = async (modelId: string, files: { path: string; size: bigint | number }[]) => {
  const commitSha = randomBytes(20).toString("hex");
  const version = await db.modelVersion.create({
    data: { modelId, name: "v1", commitSha, status: "PUBLISHED", publishedAt: new Date() },
  });
  for (const f of files)
    await db.modelFile.create({
      data: {
        versionId: version.id,
        path: f.path,
        size: BigInt(f.size),
        storageKey: `models/${modelId}/${commitSha}/${f.path}`,
        status: "READY",
        sha256: sha256Hex(f.path),
      },
    });
  await db.model.update({ where: { id: modelId }, data: { latestVersionId: version.id } });
  return version;
};

/**
 * Deletes models (cascading to versions, files, requests) and then users. License versions are
 * immutable by design and stay behind, as do audit rows and license acceptances.
 */
export const cleanup = async ({ modelIds = [], userIds = [] }: { modelIds?: string[]; userIds?: string[] }) => {
  if (modelIds.length) await db.model.deleteMany({ where: { id: { in: modelIds } } });
  if (userIds.length) await db.user.deleteMany({ where: { id: { in: userIds } } });
};
