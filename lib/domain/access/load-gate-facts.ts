import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import type { GateModel, GateProfile, GateRequest } from "@/lib/domain/access/judge-access";
import { sqlPool } from "@/lib/sql";
import { HAS_QUOTA_SQL, modelVisibleSql, revisionSql, versionFilesJsonSql, webhookListensSql } from "./gate-sql";

export type GateFile = {
  id: string;
  path: string;
  size: bigint;
  sha256: string | null;
  status: string;
  storageKey: string;
};
/** A file of the revision as the files read returns it; `inspection` only when asked for. */
export type RevisionFile = GateFile & { inspection?: unknown };
/** Which files of the revision to read with the gate: all, or the named `paths`. */
export type FilesWanted = { paths?: string[]; inspections: boolean };
export type GateFactsRead = {
  model: GateModel & { title: string };
  /** Null when nobody is signed in. */
  profile: GateProfile | null;
  /** Each grantee receives an individually marked copy of the weights. */
  fingerprinting: boolean;
  /** The in-browser playground: whether it is on, and the task its widget is chosen by. */
  playground: { enabled: boolean; task: string };
  latest: GateRequest | null;
  accepted: boolean;
  /** A download quota applies to the latest request (its own or the model's default). */
  hasQuota: boolean;
  /** Some active webhook listens for `download.issued` on this model. */
  hooked: boolean;
  version: { id: string; name: string; commitSha: string } | null;
  /** Only when a path was asked for. */
  file: GateFile | null;
  /** Only when files were asked for (none when the revision does not exist). */
  files: RevisionFile[] | null;
};

type Row = {
  id: string;
  slug: string;
  title: string;
  gating: GateModel["gating"];
  rules: unknown;
  requestCooldownDays: number;
  fingerprinting: boolean;
  playgroundEnabled: boolean;
  task: string;
  lvId: string;
  lvVersion: string;
  lvSha256: string;
  licenseName: string;
  licenseSlug: string;
  userName: string | null;
  affiliation: string | null;
  position: string | null;
  country: string | null;
  rId: string | null;
  rStatus: GateRequest["status"] | null;
  rCreatedAt: Date | null;
  rDecidedAt: Date | null;
  rReasonCode: string | null;
  rReasonText: string | null;
  rExpiresAt: Date | null;
  rRevokedAt: Date | null;
  accepted: boolean;
  hasQuota: boolean;
  hooked: boolean;
  vId: string | null;
  vName: string | null;
  vCommitSha: string | null;
  fId: string | null;
  fPath: string | null;
  fSize: string | null;
  fSha256: string | null;
  fStatus: string | null;
  fStorageKey: string | null;
  files?: (Omit<RevisionFile, "size"> & { size: string })[];
};

// One statement for everything the gate looks at, so that deciding costs one read (URL issuance is
// the registry's hot path, and the model page and the API's access state read the same way). The
// visibility and revision rules are the fragments of gate-sql.ts.
const gateSql = (files: FilesWanted | undefined) => `
SELECT m.id, m.slug, m.title, m.gating::text AS gating, m.rules, m."requestCooldownDays", m.fingerprinting,
       m."playgroundEnabled", m.task,
       lv.id AS "lvId", lv.version AS "lvVersion", lv.sha256 AS "lvSha256", l.name AS "licenseName", l.slug AS "licenseSlug",
       u.name AS "userName", u.affiliation, u.position, u.country,
       r.id AS "rId", r.status::text AS "rStatus", r."createdAt" AS "rCreatedAt", r."decidedAt" AS "rDecidedAt", r."reasonCode" AS "rReasonCode",
       r."reasonText" AS "rReasonText", r."expiresAt" AS "rExpiresAt", r."revokedAt" AS "rRevokedAt",
       EXISTS (SELECT 1 FROM "LicenseAcceptance" a WHERE a."userId" = $1 AND a."licenseVersionId" = lv.id) AS accepted,
       ${HAS_QUOTA_SQL} AS "hasQuota",
       ${webhookListensSql("m.id")} AS hooked,
       v.id AS "vId", v.name AS "vName", v."commitSha" AS "vCommitSha",
       f.id AS "fId", f.path AS "fPath", f.size::text AS "fSize", f.sha256 AS "fSha256", f.status::text AS "fStatus", f."storageKey" AS "fStorageKey"${
         files
           ? `,
       ${versionFilesJsonSql("$6::text[]", files.inspections)} AS files`
           : ""
       }
FROM "Model" m
JOIN "LicenseVersion" lv ON lv.id = m."currentLicenseVersionId"
JOIN "License" l ON l.id = lv."licenseId"
LEFT JOIN "User" u ON u.id = $1
LEFT JOIN LATERAL (
  SELECT * FROM "AccessRequest" x WHERE x."userId" = $1 AND x."modelId" = m.id ORDER BY x."createdAt" DESC LIMIT 1
) r ON true
LEFT JOIN LATERAL (${revisionSql("$4::text")}) v ON true
LEFT JOIN "ModelFile" f ON f."versionId" = v.id AND f.path = $5
WHERE m.slug = $2 AND ${modelVisibleSql("$3")}`;

// Prepared once per connection each: without files, with them, with them and their inspections.
const GATE_SQL = gateSql(undefined);
const GATE_FILES_SQL = gateSql({ inspections: false });
const GATE_INSPECTED_SQL = gateSql({ inspections: true });
const statement = (files: FilesWanted | undefined) =>
  !files
    ? { name: "gate-facts", text: GATE_SQL }
    : files.inspections
      ? { name: "gate-facts-inspected", text: GATE_INSPECTED_SQL }
      : { name: "gate-facts-files", text: GATE_FILES_SQL };

/**
 * The gate's facts for one caller (or nobody), model, revision and (optionally) file or files, in one
 * read; null when the caller may not see the model. Deciding is judgeAccess's part. Every gate decision
 * reads through here: the access state, requests, license acceptance and every download channel.
 */
export const loadGateFacts = async (
  caller: Caller | null,
  ref: { org: string; name: string },
  revision?: string,
  path?: string,
  files?: FilesWanted,
): Promise<GateFactsRead | null> => {
  const rev = revision === undefined || revision === "main" ? null : revision;
  const values = [
    caller?.id ?? null,
    `${ref.org}/${ref.name}`.toLowerCase(),
    caller?.role === "ADMIN",
    rev,
    path ?? null,
  ];
  const { rows } = await sqlPool().query<Row>({
    ...statement(files),
    values: files ? [...values, files.paths ?? null] : values,
  });
  const r = rows[0];
  if (!r) return null;
  return {
    model: {
      id: r.id,
      slug: r.slug,
      title: r.title,
      gating: r.gating,
      rules: r.rules,
      requestCooldownDays: r.requestCooldownDays,
      currentLicenseVersion: {
        id: r.lvId,
        version: r.lvVersion,
        sha256: r.lvSha256,
        license: { name: r.licenseName, slug: r.licenseSlug },
      },
    },
    fingerprinting: r.fingerprinting,
    playground: { enabled: r.playgroundEnabled, task: r.task },
    profile: caller ? { name: r.userName, affiliation: r.affiliation, position: r.position, country: r.country } : null,
    latest:
      r.rId && r.rStatus && r.rCreatedAt
        ? {
            id: r.rId,
            status: r.rStatus,
            createdAt: r.rCreatedAt,
            decidedAt: r.rDecidedAt,
            reasonCode: r.rReasonCode,
            reasonText: r.rReasonText,
            expiresAt: r.rExpiresAt,
            revokedAt: r.rRevokedAt,
          }
        : null,
    accepted: r.accepted,
    hasQuota: r.hasQuota,
    hooked: r.hooked,
    version: r.vId && r.vName && r.vCommitSha ? { id: r.vId, name: r.vName, commitSha: r.vCommitSha } : null,
    file:
      r.fId && r.fPath && r.fSize !== null && r.fStatus && r.fStorageKey
        ? {
            id: r.fId,
            path: r.fPath,
            size: BigInt(r.fSize),
            sha256: r.fSha256,
            status: r.fStatus,
            storageKey: r.fStorageKey,
          }
        : null,
    files: r.files ? r.files.map((f) => ({ ...f, size: BigInt(f.size) })) : null,
  };
};
