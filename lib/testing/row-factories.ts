// The one definition of the rows tests arrange (users, sessions, API tokens, licenses, models,
// published versions with files, reviewers, access requests, license acceptances), shared by
// vitest (lib/testing/factories.ts binds it to the app's client) and the e2e suite
// (e2e/fixtures/db.ts binds it to a client on the e2e stack's database).
// Every value that must be unique gets a random suffix: both suites share one database with
// files running in parallel, and nothing here assumes an empty table.
// Imports stay relative and free of the app's env and `server-only`, so Playwright can load it.
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { generateToken, hashToken, tokenDisplayPrefix } from "../domain/tokens/token-hash";
import { addDays } from "../time";
import { sha256Hex, uid } from "./test-ids";

/** The app's client shape (lib/db.ts omits token hashes from results): both suites' clients fit it. */
export type FactoryDb = PrismaClient<never, { apiToken: { tokenHash: true } }>;

export type Role = "RESEARCHER" | "ADMIN";
export type ProfileFields = {
  name?: string | null;
  affiliation?: string | null;
  position?: string | null;
  country?: string | null;
  profileUpdatedAt?: Date | null;
};
/** The four fields a first access request needs. */
export const COMPLETE_PROFILE = {
  name: "Ada Lovelace",
  affiliation: "Analytical Engines Ltd",
  position: "Researcher",
  country: "GB",
} as const;

export type UserInput = Omit<Partial<Prisma.UserUncheckedCreateInput>, "role"> & { role?: Role };

export type ModelInput = Omit<
  Partial<Prisma.ModelUncheckedCreateInput>,
  "slug" | "formDefinition" | "rules" | "currentLicenseVersionId"
> & {
  /** The model's current license version; a fresh license of its own when left out. */
  licenseVersionId?: string;
  formDefinition?: unknown[];
  rules?: Record<string, unknown>;
};

export type FileInput = {
  path: string;
  size: bigint | number;
  /** Defaults to the sha256 of the path (no bytes are stored); null for a file not yet verified. */
  sha256?: string | null;
  declaredSha256?: string | null;
  /** Defaults to `models/<model id>/<commit>/<path>`, where the app stores it (see putFile). */
  storageKey?: string;
  status?: "UPLOADING" | "VERIFYING" | "READY" | "FAILED";
  failureReason?: string | null;
  inspection?: Record<string, unknown>;
};

export type RequestInput = Omit<Partial<Prisma.AccessRequestUncheckedCreateInput>, "status" | "answers"> & {
  userId: string;
  modelId: string;
  status?: "PENDING" | "APPROVED" | "REJECTED" | "WITHDRAWN" | "EXPIRED" | "REVOKED";
  answers?: Record<string, unknown>;
};

/** What tests change on a request row: its state, dates, decider, reasons and quotas. */
export type RequestPatch = Pick<
  Prisma.AccessRequestUncheckedUpdateInput,
  | "status"
  | "decidedAt"
  | "decidedById"
  | "expiresAt"
  | "revokedAt"
  | "withdrawnAt"
  | "createdAt"
  | "reasonCode"
  | "reasonText"
  | "downloadQuotaFiles"
  | "downloadQuotaBytes"
  | "profileSnapshot"
>;

export const rowFactories = (getDb: () => FactoryDb) => {
  const createUser = (data: UserInput = {}) =>
    getDb().user.create({
      data: { ...data, email: data.email === undefined ? `user-${uid()}@example.test` : data.email },
    });

  /** Fills the profile a first access request needs (each field overridable, e.g. `country: "KP"`). */
  const completeProfile = (userId: string, data: ProfileFields = {}) =>
    getDb().user.update({
      where: { id: userId },
      data: { ...COMPLETE_PROFILE, ...data },
    });

  /** A signed-in session for the user, as next-auth writes it after a magic-link sign-in. */
  const createSession = async (userId: string, { expires = addDays(new Date(), 1) }: { expires?: Date } = {}) => {
    const sessionToken = randomBytes(32).toString("hex");
    return getDb().session.create({ data: { userId, sessionToken, expires } });
  };

  /** An API token row made the way the app makes them; returns the row and the plain token. */
  const createApiToken = async (
    userId: string,
    scope: "READ" | "ADMIN" = "READ",
    { expiresInDays = 30, name = `test ${scope.toLowerCase()}` }: { expiresInDays?: number | null; name?: string } = {},
  ) => {
    const token = generateToken();
    const row = await getDb().apiToken.create({
      data: {
        userId,
        name,
        prefix: tokenDisplayPrefix(token),
        tokenHash: hashToken(token),
        scope,
        expiresAt: expiresInDays === null ? null : addDays(new Date(), expiresInDays),
      },
    });
    return { ...row, token, headers: { authorization: `Bearer ${token}` } };
  };

  /**
   * A license version whose sha256 is the hash of its text (as the CHECK requires): the first version
   * of a license of its own, or (given `licenseId`) a further version of that license.
   */
  const createLicenseVersion = async (
    data: {
      text?: string;
      version?: string;
      licenseName?: string;
      licenseSlug?: string;
      licenseId?: string;
      publishedAt?: Date;
    } = {},
  ) => {
    const id = uid();
    const text = data.text ?? `License text ${id}\nYou may use these weights for research.`;
    const licenseId =
      data.licenseId ??
      (
        await getDb().license.create({
          data: { slug: data.licenseSlug ?? `lic-${id}`, name: data.licenseName ?? `License ${id}` },
        })
      ).id;
    return getDb().licenseVersion.create({
      data: { licenseId, version: data.version ?? "1.0", text, sha256: sha256Hex(text), publishedAt: data.publishedAt },
      include: { license: true },
    });
  };

  /** A model row (slug = org/name, as the `Model_slug_format` check requires), configured as asked. */
  const createModel = async (data: ModelInput = {}) => {
    const { licenseVersionId, formDefinition, rules, ...rest } = data;
    const org = rest.org ?? `org-${uid()}`;
    const name = rest.name ?? `model-${uid()}`;
    return getDb().model.create({
      data: {
        title: `Model ${name}`,
        task: "text-generation",
        visibility: "PUBLIC",
        gating: "MANUAL",
        ...rest,
        org,
        name,
        slug: `${org}/${name}`,
        ...(formDefinition ? { formDefinition: formDefinition as Prisma.InputJsonValue[] } : {}),
        ...(rules ? { rules: rules as Prisma.InputJsonObject } : {}),
        currentLicenseVersionId: licenseVersionId ?? (await createLicenseVersion()).id,
      },
    });
  };

  /**
   * One file row of a version; a file already at that path is overwritten, as a re-upload would.
   * Without the version's model and commit (for the app's storage key), give `storageKey`.
   */
  const putFile = (version: { id: string; modelId?: string; commitSha?: string }, f: FileInput) => {
    const data = {
      size: BigInt(f.size),
      storageKey:
        f.storageKey ??
        (version.modelId && version.commitSha
          ? `models/${version.modelId}/${version.commitSha}/${f.path}`
          : `test/${version.id}/${f.path}`),
      status: f.status ?? "READY",
      sha256: f.sha256 === undefined ? sha256Hex(f.path) : f.sha256,
      declaredSha256: f.declaredSha256 ?? null,
      failureReason: f.failureReason ?? null,
      ...(f.inspection ? { inspection: f.inspection as Prisma.InputJsonObject } : {}),
    };
    return getDb().modelFile.upsert({
      where: { versionId_path: { versionId: version.id, path: f.path } },
      create: { versionId: version.id, path: f.path, ...data },
      update: data,
    });
  };

  /** A version (published unless told otherwise) with its files (returned in `files`), the model's latest unless `latest: false`. */
  const createPublishedVersion = async (
    modelId: string,
    files: FileInput[],
    {
      name = "v1",
      commitSha = randomBytes(20).toString("hex"),
      status = "PUBLISHED",
      latest = true,
    }: { name?: string; commitSha?: string; status?: "DRAFT" | "PUBLISHED"; latest?: boolean } = {},
  ) => {
    const db = getDb();
    const version = await db.modelVersion.create({
      data: { modelId, name, commitSha, status, publishedAt: status === "PUBLISHED" ? new Date() : null },
    });
    const created = [];
    for (const f of files) created.push(await putFile(version, f));
    if (latest) await db.model.update({ where: { id: modelId }, data: { latestVersionId: version.id } });
    return { ...version, files: created };
  };

  const createModelReviewer = (userId: string, modelId: string) =>
    getDb().modelReviewer.createMany({ data: [{ userId, modelId }], skipDuplicates: true });

  /**
   * An access request row as a decision (or the lack of one) left it: decided now unless PENDING
   * or told otherwise; grants carry `expiresAt`, revocations `revokedAt`, quotas `downloadQuota*`.
   * No audit rows, no mail.
   */
  const createRequest = ({ status = "PENDING", answers, ...data }: RequestInput) =>
    getDb().accessRequest.create({
      data: {
        formVersion: 1,
        ...data,
        status,
        ...(answers ? { answers: answers as Prisma.InputJsonObject } : {}),
        decidedAt: data.decidedAt ?? (status !== "PENDING" ? new Date() : null),
      },
    });

  /** Changes a request row directly (what a reviewer or the expiry job would do), without audit rows or mail. */
  const updateRequest = (id: string, patch: RequestPatch) =>
    getDb().accessRequest.update({ where: { id }, data: patch });

  /** A license acceptance row (no audit row), as if the user had accepted this version earlier. */
  const createAcceptance = (userId: string, licenseVersion: { id: string; sha256: string }, acceptedAt?: Date) =>
    getDb().licenseAcceptance.create({
      data: {
        userId,
        licenseVersionId: licenseVersion.id,
        textSha256: licenseVersion.sha256,
        ...(acceptedAt ? { acceptedAt } : {}),
      },
    });

  return {
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
    updateRequest,
    createAcceptance,
  };
};

export type RowFactories = ReturnType<typeof rowFactories>;
