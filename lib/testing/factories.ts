// Small row factories for tests that share one database with other test files running in
// parallel: every value that must be unique gets a random suffix, and nothing assumes an empty table.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { addDays, DAY_MS } from "@/lib/time";
import { sha256Hex, uid } from "./test-ids";

export { sha256Hex, uid };

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

// ---------- gate helpers: researchers, gated models, requests, acceptances, evidence snapshots ----------

type TestCaller = import("@/lib/auth/get-current-user").Caller;

/** The Caller that getCurrentUser would return for this user row. */
export const callerOf = (user: {
  id: string;
  email: string | null;
  name: string | null;
  role: "RESEARCHER" | "ADMIN";
}): TestCaller => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

export type ProfileFields = {
  name?: string | null;
  affiliation?: string | null;
  position?: string | null;
  country?: string | null;
};

/** Fills the four fields a first access request needs (overridable, e.g. `country: "KP"`). */
export const completeProfile = (userId: string, data: ProfileFields = {}) =>
  db.user.update({
    where: { id: userId },
    data: {
      name: "Ada Lovelace",
      affiliation: "Analytical Engines Ltd",
      position: "Researcher",
      country: "GB",
      ...data,
    },
  });

/** A researcher (complete profile unless `complete: false`) and the matching Caller. */
export const createResearcher = async (
  data: ProfileFields & { complete?: boolean; role?: "RESEARCHER" | "ADMIN" } = {},
) => {
  const { complete = true, role, ...profile } = data;
  const created = await createUser({ role });
  const user = complete ? await completeProfile(created.id, profile) : created;
  return { user, caller: callerOf(user) };
};

export type GatedModelInput = ModelInput & {
  formDefinition?: unknown[];
  rules?: Record<string, unknown>;
  grantDurationDays?: number | null;
  requestCooldownDays?: number;
};

/** A model with its gate settings, returned together with its current license version (id, sha256). */
export const createGatedModel = async (data: GatedModelInput = {}) => {
  const { formDefinition, rules, grantDurationDays, requestCooldownDays, ...base } = data;
  const licenseVersion = base.licenseVersionId
    ? await db.licenseVersion.findUniqueOrThrow({ where: { id: base.licenseVersionId }, include: { license: true } })
    : await createLicenseVersion();
  const created = await createModel({ ...base, licenseVersionId: licenseVersion.id });
  const model = await db.model.update({
    where: { id: created.id },
    data: {
      ...(formDefinition ? { formDefinition: formDefinition as object[] } : {}),
      ...(rules ? { rules: rules as object } : {}),
      ...(grantDurationDays !== undefined ? { grantDurationDays } : {}),
      ...(requestCooldownDays !== undefined ? { requestCooldownDays } : {}),
    },
  });
  return { ...model, licenseVersion };
};

export { DAY_MS };
export const daysFromNow = (days: number) => addDays(new Date(), days);

/** An access request row as a decision (or the lack of one) left it; no audit rows, no mail. */
export const createRequest = (data: {
  userId: string;
  modelId: string;
  status?: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "EXPIRED" | "REVOKED";
  licenseVersionId?: string | null;
  createdAt?: Date;
  decidedAt?: Date | null;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  reasonCode?: string | null;
  reasonText?: string | null;
}) =>
  db.accessRequest.create({
    data: {
      userId: data.userId,
      modelId: data.modelId,
      formVersion: 1,
      status: data.status ?? "PENDING",
      licenseVersionId: data.licenseVersionId ?? null,
      ...(data.createdAt ? { createdAt: data.createdAt } : {}),
      decidedAt: data.decidedAt ?? (data.status && data.status !== "PENDING" ? new Date() : null),
      expiresAt: data.expiresAt ?? null,
      revokedAt: data.revokedAt ?? null,
      reasonCode: data.reasonCode ?? null,
      reasonText: data.reasonText ?? null,
    },
  });

/** A license acceptance row (no audit row), as if the user had accepted this version earlier. */
export const createAcceptance = (userId: string, licenseVersion: { id: string; sha256: string }, acceptedAt?: Date) =>
  db.licenseAcceptance.create({
    data: {
      userId,
      licenseVersionId: licenseVersion.id,
      textSha256: licenseVersion.sha256,
      ...(acceptedAt ? { acceptedAt } : {}),
    },
  });

export type MailJobRow = { id: string; kind: string; state: string; to: string; subject: string | null };

/** pg-boss `send-email` jobs addressed to `email` (start pg-boss first so its schema exists). */
export const mailJobsTo = (email: string) =>
  db.$queryRaw<
    MailJobRow[]
  >`SELECT id::text, data->>'kind' AS kind, state::text, data->>'to' AS "to", data->'message'->>'subject' AS subject
    FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${email} ORDER BY created_on`;

export const deleteMailJobsTo = async (emails: string[]) => {
  if (emails.length)
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ANY(${emails})`;
};

/**
 * Everything the gate can write for one user and model: request rows (with status and updatedAt),
 * acceptance ids, audit seqs and (given `email`) mail jobs. Compare before/after a refusal.
 */
export const gateSnapshot = async ({
  userId,
  modelId,
  email,
}: {
  userId: string;
  modelId?: string;
  email?: string | null;
}) => {
  const [requests, acceptances, audit] = await Promise.all([
    db.accessRequest.findMany({
      where: { OR: [{ userId }, ...(modelId ? [{ modelId }] : [])] },
      select: { id: true, status: true, updatedAt: true, expiresAt: true, decidedAt: true, withdrawnAt: true },
      orderBy: { id: "asc" },
    }),
    db.licenseAcceptance.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({
      where: { OR: [{ actorId: userId }, { targetId: userId }, ...(modelId ? [{ modelId }] : [])] },
      select: { seq: true },
      orderBy: { seq: "asc" },
    }),
  ]);
  return {
    requests,
    acceptances: acceptances.map((a) => a.id),
    audit: audit.map((a) => a.seq.toString()),
    jobs: email ? (await mailJobsTo(email)).map((j) => j.id) : [],
  };
};
