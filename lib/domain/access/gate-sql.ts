// SQL fragments the gate's plain-SQL paths share, so that each rule is written once. The Prisma
// paths state the same rules in lib/domain/catalog/visible-models-where.ts and find-revision.ts;
// e2e/api/access-refusal-order.spec.ts and the download tests hold the two forms together.

/** A grant's own download quota overrides its model's default (aliases: r = AccessRequest, m = Model). */
export const QUOTA_FILES_SQL = `coalesce(r."downloadQuotaFiles", m."downloadQuotaFiles")`;
export const QUOTA_BYTES_SQL = `coalesce(r."downloadQuotaBytes", m."downloadQuotaBytes")`;
/** Some download quota applies to the grant r of model m. */
export const HAS_QUOTA_SQL = `(${QUOTA_FILES_SQL} IS NOT NULL OR ${QUOTA_BYTES_SQL} IS NOT NULL)`;

/** Some active webhook listens for `download.issued` on the model whose id is `modelId` (an SQL expression). */
export const webhookListensSql = (modelId: string) =>
  `EXISTS (SELECT 1 FROM "Webhook" w WHERE w.active AND 'download.issued' = ANY (w.events) AND (w."modelId" IS NULL OR w."modelId" = ${modelId}))`;

/** The model m is visible to the caller: admins (`isAdmin`, an SQL boolean) see every model, others PUBLIC ones. */
export const modelVisibleSql = (isAdmin: string) => `(${isAdmin} OR m.visibility = 'PUBLIC')`;

/**
 * The PUBLISHED version y of model m that `revision` (an SQL text expression, NULL for `main`)
 * names: the latest when NULL, else by name or commit id, the commit id winning.
 */
export const revisionSql = (revision: string) => `
  SELECT y.id, y.name, y."commitSha" FROM "ModelVersion" y
  WHERE y."modelId" = m.id AND y.status = 'PUBLISHED'
    AND CASE WHEN ${revision} IS NULL THEN y.id = m."latestVersionId" ELSE (y.name = ${revision} OR y."commitSha" = ${revision}) END
  ORDER BY (y."commitSha" = ${revision}) DESC NULLS LAST LIMIT 1`;

/**
 * The files of version v as one JSON array (all, or those whose path is in `paths`, an SQL text[]
 * expression, NULL for all), so that the manifest and the playground read them with the gate. Sizes
 * are text (bigint); with `inspections`, each ONNX file's inspection comes along.
 */
export const versionFilesJsonSql = (paths: string, inspections: boolean) => `
  (SELECT coalesce(json_agg(json_build_object('id', g.id, 'path', g.path, 'size', g.size::text, 'sha256', g.sha256,
     'status', g.status, 'storageKey', g."storageKey"${inspections ? `, 'inspection', CASE WHEN lower(g.path) LIKE '%.onnx' THEN g.inspection END` : ""})), '[]'::json)
   FROM "ModelFile" g WHERE g."versionId" = v.id AND (${paths} IS NULL OR g.path = ANY (${paths})))`;
