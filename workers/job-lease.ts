import { logger } from "@/lib/logger";

/**
 * A lease on the jobs a worker runs, so a job whose worker died runs again within about 30 s.
 *
 * pg-boss 10 has no heartbeat: an active job counts as abandoned only once `started_on + expire_in`
 * has passed, and `expire_in` must cover the job's longest honest run (an hour for a large file to
 * verify). So while a job runs, its worker keeps that expiry a short lease ahead of now, renewed every
 * few seconds and never past the job's own timeout. A worker that dies (kill -9, a lost machine) stops
 * renewing; pg-boss's maintenance, which whichever worker is alive runs every few seconds
 * (`maintenanceIntervalSeconds` in lib/jobs/queue.ts), fails the job back to retry once the lease has
 * run out, counting one attempt, as it would after the full timeout. A send-email job's own expiry is
 * already shorter than a lease, so jobs like it are left alone.
 */
export const JOB_LEASE_SECONDS = 15;
export const JOB_LEASE_RENEW_SECONDS = 5;

type Sql = { executeSql: (text: string, values: unknown[]) => Promise<unknown> };
// pg-boss 10 types expireInSeconds as a number but hands over PostgreSQL's numeric text ("3600.000000").
type HeldJob = { id: string; name: string; expireInSeconds: number | string };

// Per queue and id (pg-boss partitions its job table by queue name); never shortens past the job's
// own timeout, and touches only jobs still active (a finished job is not this lease's business).
const RENEW = `
  UPDATE pgboss.job AS j
  SET expire_in = LEAST(l.cap * interval '1 second', now() - j.started_on + $4 * interval '1 second')
  FROM unnest($1::text[], $2::uuid[], $3::float8[]) AS l(name, id, cap)
  WHERE j.name = l.name AND j.id = l.id AND j.state = 'active'`;

export const startJobLeases = (
  sql: Sql,
  { leaseSeconds = JOB_LEASE_SECONDS, renewSeconds = JOB_LEASE_RENEW_SECONDS } = {},
) => {
  const held = new Map<string, HeldJob>();
  const renew = async (jobs: HeldJob[]) => {
    if (!jobs.length) return;
    try {
      await sql.executeSql(RENEW, [
        jobs.map((j) => j.name),
        jobs.map((j) => j.id),
        jobs.map((j) => Number(j.expireInSeconds)),
        leaseSeconds,
      ]);
    } catch (e) {
      // The next renewal tries again; a lease that runs out meanwhile only means the job may run twice.
      logger.warn({ message: (e as Error).message }, "job lease not renewed");
    }
  };
  const timer = setInterval(() => void renew([...held.values()]), renewSeconds * 1000);
  timer.unref();
  return {
    /** Takes a lease on `jobs` at once (before the first renewal) and returns its release. */
    hold: async (jobs: HeldJob[]) => {
      const long = jobs.filter((j) => Number(j.expireInSeconds) > leaseSeconds);
      for (const j of long) held.set(j.id, j);
      await renew(long);
      return () => {
        for (const j of long) held.delete(j.id);
      };
    },
    /** Stops renewing (on shutdown, and in tests to stand for a worker that died). */
    stop: () => clearInterval(timer),
    held: () => held.size,
  };
};

export type JobLeases = ReturnType<typeof startJobLeases>;
