import "server-only";
import { randomUUID } from "node:crypto";
import { AUDIT_CHAIN_LOCK } from "@/lib/domain/audit/append-audit-event";
import { appendAuditEventsSql } from "@/lib/domain/audit/append-audit-events-sql";
import { gateError } from "@/lib/domain/access/gate-codes";
import { webhookListensSql } from "@/lib/domain/access/gate-sql";
import { GRANT_LOCK_NAMESPACE } from "@/lib/domain/access/grant-lock";
import { toIso, withSqlTransaction, type SqlRunner } from "@/lib/sql";
import { rateLimitCharge, rateLimited, type RateLimitCharge } from "./rate-limit-downloads";
import { downloadIssuedAudit } from "./download-issued-audit";
import type { RecordInput } from "./record-download-events";

type Outcome = {
  ok: boolean;
  grantStatus: string | null;
  grantExpiresAt: Date | null;
  grantReason: string | null;
  hooked: boolean;
  fits: boolean;
  limitExpire: string | null;
};
type Events = { id: string; fileId: string }[];
type Pending = {
  input: RecordInput;
  ids: string[];
  charge: RateLimitCharge | null;
  resolve: (events: Events | null) => void;
  reject: (e: unknown) => void;
};

// The shared advisory lock of every grant in the batch (grant-lock.ts: queued behind a revocation
// that is waiting), in one statement, before any of their rows is locked.
const GRANT_LOCKS_SQL = `SELECT count(pg_advisory_xact_lock_shared($1::int, hashtext(g))) FROM unnest($2::text[]) AS g`;

// One issuance of the batch: lock its grant row (FOR SHARE: issuances run side by side, a revocation
// waits for them and they for it), charge the user's rate limit (rate-limiter-flexible's own upsert on
// its table, made only for a live grant and no webhook) and insert the events only if the grant is
// still live, the charge fits the budget and no webhook listens (else the caller takes the full path,
// which records the webhook event). As with the library, a refused charge still counts.
const EVENTS_SQL = `
WITH g AS (
  SELECT r.status::text AS status, r."expiresAt", r."reasonText" FROM "AccessRequest" r WHERE r.id = $1 FOR SHARE
), h AS (
  SELECT ${webhookListensSql("$3")} AS hooked
), ok AS (
  SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM g WHERE g.status = 'APPROVED' AND (g."expiresAt" IS NULL OR g."expiresAt" > $8::timestamp))) AS ok
), rl AS (
  INSERT INTO "RateLimit" AS t (key, points, expire)
  SELECT $13::text, 1, $14::bigint FROM ok, h WHERE $13::text IS NOT NULL AND ok.ok AND NOT h.hooked
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN t.expire <= $15::bigint THEN 1 ELSE t.points + 1 END,
    expire = CASE WHEN t.expire <= $15::bigint THEN $14::bigint ELSE t.expire END
  RETURNING t.points, t.expire
), fits AS (
  SELECT NOT EXISTS (SELECT 1 FROM rl WHERE rl.points > $16::int) AS fits
), ev AS (
  INSERT INTO "DownloadEvent" (id, "userId", "modelId", "versionId", "fileId", "requestId", channel, ip, "ipSource", "userAgent", "issuedAt", "urlExpiresAt", "countsTowardQuota")
  SELECT x.id, $2, $3, $4, x."fileId", $1, $5::"DownloadChannel", $6, $12, $7, $8::timestamp, $9::timestamp, true
  FROM unnest($10::text[], $11::text[]) AS x(id, "fileId"), ok, h, fits WHERE ok.ok AND NOT h.hooked AND fits.fits
  RETURNING id
)
SELECT (SELECT ok FROM ok) AS ok, (SELECT status FROM g) AS "grantStatus", (SELECT "expiresAt" FROM g) AS "grantExpiresAt", (SELECT "reasonText" FROM g) AS "grantReason",
       (SELECT hooked FROM h) AS hooked, (SELECT fits FROM fits) AS fits, (SELECT expire FROM rl) AS "limitExpire",
       (SELECT count(*) FROM ev) AS inserted`;

/** Most issuances one transaction carries; more wait for the next. */
const MAX_BATCH = 64;

const state = (globalThis as unknown as { downloadEventBatch?: { queue: Pending[]; busy: boolean; due: boolean } })
  .downloadEventBatch ?? { queue: [], busy: false, due: false };
(globalThis as unknown as { downloadEventBatch?: typeof state }).downloadEventBatch = state;

/**
 * recordDownloadEvents' fast path, for the common case the gate read saw: no download quota to
 * charge and no webhook listening; the rate-limit charge (`input.rateLimit`) is made in the same
 * statement as the events (RATE_LIMITED refuses the issuance, writing no event). Group commit: the issuances that arrive while a batch is being
 * written (and those of the same tick) go into the next one, one transaction for all of them (their
 * events, then one audit append under one take of the chain's lock, one commit), so the chain's lock
 * and the commit's flush are paid once per batch rather than once per issuance. Each caller is
 * answered only after that commit: with its events, with its own refusal (a grant revoked or expired
 * since the gate read, which wrote nothing), or, if the batch failed, with that error. Returns null,
 * having written nothing, when a webhook started listening in between: the caller then takes the
 * full path, which records the webhook event in the same transaction.
 */
export const insertDownloadEvents = (input: RecordInput) =>
  new Promise<Events | null>((resolve, reject) => {
    const charge = input.rateLimit ? rateLimitCharge(input.userId, input.rateLimit.limiter) : null;
    state.queue.push({ input, ids: input.files.map(() => randomUUID()), charge, resolve, reject });
    schedule();
  });

const schedule = () => {
  if (state.busy || state.due || !state.queue.length) return;
  state.due = true;
  // The callers of this tick join the batch.
  setImmediate(() => void flush());
};

const flush = async () => {
  state.due = false;
  state.busy = true;
  // In rate-limit key order: two processes' batches lock their users' counter rows in one order.
  const batch = state.queue
    .splice(0, MAX_BATCH)
    .sort((a, b) => (a.charge?.key ?? "").localeCompare(b.charge?.key ?? ""));
  try {
    const outcomes = await withSqlTransaction((sql) => writeBatch(sql, batch));
    batch.forEach((p, i) => settle(p, outcomes[i] as Outcome));
  } catch (e) {
    // Nothing of the batch committed: no caller gets a URL.
    for (const p of batch) p.reject(e);
  } finally {
    state.busy = false;
    schedule();
  }
};

const settle = ({ input, ids, resolve, reject }: Pending, out: Outcome) => {
  const slug = input.model.slug;
  if (!out.ok)
    return reject(
      out.grantStatus === "REVOKED"
        ? gateError("GRANT_REVOKED", { slug, reason: out.grantReason })
        : gateError("GRANT_EXPIRED", { slug, until: out.grantExpiresAt }),
    );
  if (out.hooked) return resolve(null);
  if (!out.fits) return reject(rateLimited(slug, Number(out.limitExpire) - Date.now()));
  resolve(input.files.map((f, i) => ({ id: ids[i] as string, fileId: f.id })));
};

const writeBatch = async (sql: SqlRunner, batch: Pending[]) => {
  const grants = [...new Set(batch.map((p) => p.input.grantId).filter((g): g is string => Boolean(g)))].sort();
  if (grants.length)
    await sql.query({ name: "grant-locks-shared", text: GRANT_LOCKS_SQL, values: [GRANT_LOCK_NAMESPACE, grants] });
  const outcomes: Outcome[] = [];
  for (const { input, ids, charge } of batch) {
    const now = Date.now();
    const { grantId, userId, model, version, meta, files, issuedAt, urlExpiresAt } = input;
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
        meta.ipSource ?? null,
        charge?.key ?? null,
        charge ? now + charge.durationMs : null,
        now,
        charge?.points ?? null,
      ],
    });
    outcomes.push(rows[0] as Outcome);
  }
  const written = batch.filter((_, i) => outcomes[i]?.ok && !outcomes[i]?.hooked && outcomes[i]?.fits);
  if (!written.length) return outcomes;
  // The chain's lock last (every writer takes a grant's lock before it), held only until the commit;
  // its own statement, so that the append's read of the tail starts after it is held.
  await sql.query({ name: "audit-chain-lock", text: "SELECT pg_advisory_xact_lock($1)", values: [AUDIT_CHAIN_LOCK] });
  await appendAuditEventsSql(
    sql,
    written.flatMap(({ input, ids }) =>
      input.files.map((f, i) =>
        downloadIssuedAudit(input, { id: ids[i] as string, fileId: f.id, path: f.path, countsTowardQuota: true }),
      ),
    ),
  );
  return outcomes;
};
