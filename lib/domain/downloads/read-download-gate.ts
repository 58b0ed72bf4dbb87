import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import type { GateModel, GateProfile, GateRequest } from "@/lib/domain/access/judge-access";
import { sqlPool } from "@/lib/sql";

export type GateFile = {
  id: string;
  path: string;
  size: bigint;
  sha256: string | null;
  status: string;
  storageKey: string;
};
export type DownloadGateRead = {
  model: GateModel & { title: string };
  profile: GateProfile;
  latest: GateRequest | null;
  accepted: boolean;
  /** A download quota applies to the latest request (its own or the model's default). */
  hasQuota: boolean;
  /** Some active webhook listens for `download.issued` on this model. */
  hooked: boolean;
  version: { id: string; name: string; commitSha: string } | null;
  /** Only when a path was asked for. */
  file: GateFile | null;
};

type Row = {
  id: string;
  slug: string;
  title: string;
  gating: GateModel["gating"];
  rules: unknown;
  requestCooldownDays: number;
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
};

// One statement for everything the download gate looks at, so that issuing a URL costs one read
// (URL issuance is the registry's hot path). What it may see follows visibleModelsWhere: admins
// every model, everyone else PUBLIC ones. The revision follows findRevision: `main` is the latest
// published version; otherwise a published version by name or commit id, the commit id winning.
const GATE_SQL = `
SELECT m.id, m.slug, m.title, m.gating::text AS gating, m.rules, m."requestCooldownDays",
       lv.id AS "lvId", lv.version AS "lvVersion", lv.sha256 AS "lvSha256", l.name AS "licenseName", l.slug AS "licenseSlug",
       u.name AS "userName", u.affiliation, u.position, u.country,
       r.id AS "rId", r.status::text AS "rStatus", r."createdAt" AS "rCreatedAt", r."decidedAt" AS "rDecidedAt", r."reasonCode" AS "rReasonCode",
       r."reasonText" AS "rReasonText", r."expiresAt" AS "rExpiresAt", r."revokedAt" AS "rRevokedAt",
       EXISTS (SELECT 1 FROM "LicenseAcceptance" a WHERE a."userId" = $1 AND a."licenseVersionId" = lv.id) AS accepted,
       (coalesce(r."downloadQuotaFiles", m."downloadQuotaFiles") IS NOT NULL OR coalesce(r."downloadQuotaBytes", m."downloadQuotaBytes") IS NOT NULL) AS "hasQuota",
       EXISTS (SELECT 1 FROM "Webhook" w WHERE w.active AND 'download.issued' = ANY (w.events) AND (w."modelId" IS NULL OR w."modelId" = m.id)) AS hooked,
       v.id AS "vId", v.name AS "vName", v."commitSha" AS "vCommitSha",
       f.id AS "fId", f.path AS "fPath", f.size::text AS "fSize", f.sha256 AS "fSha256", f.status::text AS "fStatus", f."storageKey" AS "fStorageKey"
FROM "Model" m
JOIN "LicenseVersion" lv ON lv.id = m."currentLicenseVersionId"
JOIN "License" l ON l.id = lv."licenseId"
LEFT JOIN "User" u ON u.id = $1
LEFT JOIN LATERAL (
  SELECT * FROM "AccessRequest" x WHERE x."userId" = $1 AND x."modelId" = m.id ORDER BY x."createdAt" DESC LIMIT 1
) r ON true
LEFT JOIN LATERAL (
  SELECT y.id, y.name, y."commitSha" FROM "ModelVersion" y
  WHERE y."modelId" = m.id AND y.status = 'PUBLISHED'
    AND CASE WHEN $4::text IS NULL THEN y.id = m."latestVersionId" ELSE (y.name = $4 OR y."commitSha" = $4) END
  ORDER BY (y."commitSha" = $4) DESC NULLS LAST LIMIT 1
) v ON true
LEFT JOIN "ModelFile" f ON f."versionId" = v.id AND f.path = $5
WHERE m.slug = $2 AND ($3 OR m.visibility = 'PUBLIC')`;

/**
 * The facts of the download gate for one caller, model, revision and (optionally) file, in one
 * read; null when the caller may not see the model. Deciding is judgeAccess's part.
 */
export const readDownloadGate = async (
  caller: Caller,
  ref: { org: string; name: string },
  revision?: string,
  path?: string,
): Promise<DownloadGateRead | null> => {
  const rev = revision === undefined || revision === "main" ? null : revision;
  const { rows } = await sqlPool().query<Row>({
    name: "download-gate",
    text: GATE_SQL,
    values: [caller.id, `${ref.org}/${ref.name}`.toLowerCase(), caller.role === "ADMIN", rev, path ?? null],
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
    profile: { name: r.userName, affiliation: r.affiliation, position: r.position, country: r.country },
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
  };
};
