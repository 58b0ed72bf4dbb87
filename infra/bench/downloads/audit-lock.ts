// Is the audit chain's global advisory lock what limits URL issuance? Besides the lock waits
// sampled during the HTTP runs, this times the database part of one issuance on its own, as
// the app does it when no quota or webhook applies (insertDownloadEvents: the grant row locked FOR
// SHARE, the DownloadEvent insert, the hash-chained audit append), against the same transaction
// minus the audit append, at the same concurrency, alternating. Each worker issues under a grant of its own, so the grant row lock
// does not serialise them and only the audit lock is shared.
import { sampleLocks, type LockSample, type RouteSummary } from "./issuance";
import type { BenchWorld } from "./seed";
import { fmtRatio } from "../measure";
import { percentile } from "../stats";

/** Transactions per second of each run, and the lock waits sampled during the runs with the append. */
export type TxRates = { withAudit: number[]; withoutAudit: number[]; locks: LockSample[] };

export const measureIssuanceTx = async (o: {
  world: BenchWorld;
  concurrency: number;
  seconds: number;
  rounds: number;
  databaseUrl: string;
}): Promise<TxRates> => {
  const { world, concurrency, seconds, rounds, databaseUrl } = o;
  const [{ insertDownloadEvents }, { withSqlTransaction }] = await Promise.all([
    import("@/lib/domain/downloads/insert-download-events"),
    import("@/lib/sql"),
  ]);
  const grants = world.grantees.length ? world.grantees : [{ userId: world.userId, grantId: world.grantId }];
  const issueOnce = async (withAudit: boolean, { userId, grantId }: { userId: string; grantId: string }) => {
    const issuedAt = new Date();
    const urlExpiresAt = new Date(issuedAt.getTime() + 600_000);
    const meta = { channel: "HF" as const, ip: "127.0.0.1", userAgent: "bench" };
    // The app's own transaction (grant row FOR SHARE, the event, the chained audit row) ...
    if (withAudit) {
      const files = [{ id: world.small.id, path: world.small.path, size: 0n }];
      await insertDownloadEvents({
        userId,
        model: { id: world.modelId, slug: world.slug },
        version: { id: world.versionId, commitSha: world.commitSha },
        grantId,
        files,
        meta,
        issuedAt,
        urlExpiresAt,
        via: "file",
      });
      return;
    }
    // ... and the same without the audit lock and row.
    await withSqlTransaction(async (sql) => {
      await sql.query(`SELECT status FROM "AccessRequest" WHERE id = $1 FOR SHARE`, [grantId]);
      await sql.query(
        `INSERT INTO "DownloadEvent" (id, "userId", "modelId", "versionId", "fileId", "requestId", channel, ip, "userAgent", "issuedAt", "urlExpiresAt") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, 'HF', $6, $7, $8::timestamp, $9::timestamp)`,
        [
          userId,
          world.modelId,
          world.versionId,
          world.small.id,
          grantId,
          meta.ip,
          meta.userAgent,
          issuedAt.toISOString(),
          urlExpiresAt.toISOString(),
        ],
      );
    });
  };
  const rate = async (withAudit: boolean, secs = seconds) => {
    let done = 0;
    const started = performance.now();
    const end = started + secs * 1000;
    const worker = async (i: number) => {
      const grant = grants[i % grants.length] as { userId: string; grantId: string };
      while (performance.now() < end) {
        await issueOnce(withAudit, grant);
        done++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
    return done / ((performance.now() - started) / 1000);
  };
  await rate(true, 1); // warm-up: pool connections, plans
  const rates: TxRates = { withAudit: [], withoutAudit: [], locks: [] };
  for (let i = 0; i < rounds; i++) {
    for (const withAudit of i % 2 ? [false, true] : [true, false]) {
      if (!withAudit) {
        rates.withoutAudit.push(await rate(false));
        continue;
      }
      // Sampled here too: waiters are sure to exist, so this also shows that the sampler sees them.
      const { result, lock } = await sampleLocks(databaseUrl, () => rate(true));
      rates.withAudit.push(result);
      rates.locks.push(lock);
    }
  }
  return rates;
};

export const medianOf = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/**
 * Where issuance is limited. The audit lock is the limit at this load when most busy database
 * sessions wait on it while the CPU still has room, or when its own capacity (the transaction alone,
 * with the append) is not well above the HTTP rate. Either way the CPU ceiling (cores / machine CPU
 * per URL) bounds what lifting the lock could gain.
 */
export const auditLockVerdict = (o: {
  withAudit: number;
  withoutAudit: number;
  live: RouteSummary;
  many: RouteSummary;
  one: LockSample;
  spread: LockSample;
  users: number;
  cores: number;
}) => {
  const { withAudit, withoutAudit, live, many, one, spread, users, cores } = o;
  const busy = medianOf(many.runs.map((r) => r.busy));
  const queued = spread.active > 0 ? spread.audit / spread.active : 0;
  const limits = (queued >= 0.5 && busy < 0.9) || withAudit < 1.5 * many.rps;
  const ceiling = (cores * 1000) / many.cpuMs;
  return (
    `${limits ? "YES, at this load the audit lock is where issuance queues" : "no, the audit lock is not what limits issuance, the CPU is"}: with ${users} users ${spread.audit.toFixed(2)} of ${spread.active.toFixed(1)} busy database sessions ` +
    `wait on it with the CPU ${(100 * busy).toFixed(0)}% busy; the issuance transaction alone runs at ${withAudit.toFixed(0)} tx/s with the append and ${withoutAudit.toFixed(0)} without. ` +
    `Lifting the lock could raise issuance at most to the CPU ceiling of ~${ceiling.toFixed(0)} URLs/s (${fmtRatio(ceiling / many.rps)} the ${many.rps.toFixed(0)} reached), because a URL costs ${many.cpuMs.toFixed(1)} ms of machine CPU ` +
    `against ${live.cpuMs.toFixed(1)} ms for the trivial route. With one user the grant row lock (FOR SHARE) comes first: ${one.row.toFixed(2)} sessions wait on it, ${one.audit.toFixed(2)} on the audit lock`
  );
};
