// vitest's row factories and gate helpers, on the app's own client. Tests share one database with
// other test files running in parallel: nothing here assumes an empty table.
import { db } from "@/lib/db";
import { addDays, DAY_MS } from "@/lib/time";
import { rowFactories, type ModelInput, type ProfileFields } from "./row-factories";
import { sha256Hex, uid } from "./test-ids";

export { sha256Hex, uid };
export type { ModelInput, ProfileFields };

// The row definitions are shared with the e2e suite (lib/testing/row-factories.ts); here they write
// through the app's own client.
const rows = rowFactories(() => db);

export const {
  createUser,
  completeProfile,
  createSession,
  createApiToken,
  createLicenseVersion,
  createModel,
  createPublishedVersion,
  putFile,
  createModelReviewer,
  createRequest,
  createAcceptance,
} = rows;

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

/** A researcher (complete profile unless `complete: false`) and the matching Caller. */
export const createResearcher = async (
  data: ProfileFields & { complete?: boolean; role?: "RESEARCHER" | "ADMIN" } = {},
) => {
  const { complete = true, role, ...profile } = data;
  const created = await createUser({ role });
  const user = complete ? await completeProfile(created.id, profile) : created;
  return { user, caller: callerOf(user) };
};

/** ModelInput takes the gate settings (form, rules, grant duration, cooldown) itself. */
export type GatedModelInput = ModelInput;

/** A model with its gate settings, returned together with its current license version (id, sha256). */
export const createGatedModel = async (data: GatedModelInput = {}) => {
  const licenseVersion = data.licenseVersionId
    ? await db.licenseVersion.findUniqueOrThrow({ where: { id: data.licenseVersionId }, include: { license: true } })
    : await createLicenseVersion();
  const model = await createModel({ ...data, licenseVersionId: licenseVersion.id });
  return { ...model, licenseVersion };
};

export { DAY_MS };
export const daysFromNow = (days: number) => addDays(new Date(), days);

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
