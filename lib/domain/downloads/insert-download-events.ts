import "server-only";
import { randomUUID } from "node:crypto";
import { AUDIT_CHAIN_LOCK } from "@/lib/domain/audit/append-audit-event";
import { appendAuditEventsSql } from "@/lib/domain/audit/append-audit-events-sql";
import { gateError } from "@/lib/domain/access/gate-codes";
import { webhookListensSql } from "@/lib/domain/access/gate-sql";
import { GRANT_LOCK_NAMESPACE, GRANT_SHARED_LOCK_SQL } from "@/lib/domain/access/grant-lock";
import { toIso, withSqlTransaction } from "@/lib/sql";
import type { RecordInput } from "./record-download-events";

type Outcome = {
  ok: boolean;
  grantStatus: string | null;
  grantExpiresAt: Date | null;
  grantReason: string | null;
  hooked: boolean;
};

// One statement: lock the grant row (FOR SHARE: issuances run side by side, a revocation waits
// for them and they for it), insert the events only if the grant is still live, see whether a
// webhook now listens, and then (the grant's lock is taken first, as every other writer does)
// take the audit chain's lock. (PostgreSQL runs a data-modifying CTE whether or not it is read.)
const EVENTS_SQL = `
WITH g AS (
  SELECT r.status::text AS status, r."expiresAt", r."reasonText" FROM "AccessRequest" r WHERE r.id = $1 FOR SHARE
), ok AS (
  SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM g WHERE g.status = 'APPROVED' AND (g."expiresAt" IS NULL OR g."expiresAt" > $8::timestamp))) AS ok
), ev AS (
  INSERT INTO "DownloadEvent" (id, "userId", "modelId", "versionId", "fileId", "requestId", channel, ip, "ipSource", "userAgent", "issuedAt", "urlExpiresAt", "countsTowardQuota")
  SELECT x.id, $2, $3, $4, x."fileId", $1, $5::"DownloadChannel", $6, $13, $7, $8::timestamp, $9::timestamp, true
  FROM unnest($10::text[], $11::text[]) AS x(id, "fileId"), ok WHERE ok.ok
  RETURNING id
)
SELECT (SELECT ok FROM ok) AS ok, (SELECT status FROM g) AS "grantStatus", (SELECT "expiresAt" FROM g) AS "grantExpiresAt", (SELECT "reasonText" FROM g) AS "grantReason",
       ${webhookListensSql("$3")} AS hooked,
       (SELECT count(*) FROM (SELECT pg_advisory_xact_lock($12) FROM ok WHERE ok.ok) l) AS locked`;

/** Thrown inside the transaction to roll it back when a webhook appeared since the gate read. */
class WebhookAppeared extends Error {}

/**
 * recordDownloadEvents' fast path, for the common case the gate read saw: no download quota to
 * charge and no webhook listening. Plain, prepared SQL in four round trips (begin, events, audit
 * rows, commit) instead of a dozen ORM calls: URL issuance is the registry's hot path. Returns null,
 * having written nothing, when a webhook started listening in between: the caller then takes the
 * full path, which records the webhook event in the same transaction.
 */
export const insertDownloadEvents = async ({
  userId,
  model,
  version,
  grantId,
  files,
  meta,
  issuedAt,
  urlExpiresAt,
  via,
}: RecordInput) => {
  const ids = files.map(() => randomUUID());
  try {
    return await withSqlTransaction(async (sql) => {
      // Queued behind a revocation that is waiting (grant-lock.ts); its own statement, as the row
      // lock below must be taken after this wait.
      if (grantId)
        await sql.query({
          name: "grant-lock-shared",
          text: GRANT_SHARED_LOCK_SQL,
          values: [GRANT_LOCK_NAMESPACE, grantId],
        });
      const { rows } = await sql.query<Outcome>({
        name: "download-events",
        text: EVENTS_SQL,
        values: [
          grantId,
          userId,
          model.id,
          version.id,
          meta.channel,
          meta.ip?.slice(0, 64) ?? null,
          meta.userAgent?.slice(0, 512) ?? null,
          toIso(issuedAt),
          toIso(urlExpiresAt),
          ids,
          files.map((f) => f.id),
          AUDIT_CHAIN_LOCK,
          meta.ipSource ?? null,
        ],
      });
      const out = rows[0] as Outcome;
      if (!out.ok) {
        if (out.grantStatus === "REVOKED")
          throw gateError("GRANT_REVOKED", { slug: model.slug, reason: out.grantReason });
        throw gateError("GRANT_EXPIRED", { slug: model.slug, until: out.grantExpiresAt });
      }
      if (out.hooked) throw new WebhookAppeared();
      // Never the URL: it is a bearer credential until it expires.
      await appendAuditEventsSql(
        sql,
        files.map((f, i) => ({
          actorId: userId,
          action: "download.issued",
          modelId: model.id,
          targetType: "DownloadEvent",
          targetId: ids[i] as string,
          data: {
            fileId: f.id,
            path: f.path,
            versionId: version.id,
            commitSha: version.commitSha,
            channel: meta.channel,
            requestId: grantId,
            urlExpiresAt: urlExpiresAt.toISOString(),
            via,
            countsTowardQuota: true,
          },
        })),
      );
      return files.map((f, i) => ({ id: ids[i] as string, fileId: f.id }));
    });
  } catch (e) {
    if (e instanceof WebhookAppeared) return null;
    throw e;
  }
};
