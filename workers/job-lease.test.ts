import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { poolTimeouts } from "@/lib/db-timeouts";
import { env } from "@/lib/env";
import { getBoss } from "@/lib/jobs/queue";
import { verifyFileJob } from "@/lib/jobs/verify-file";
import { uid } from "@/lib/testing/factories";
import { startJobLeases } from "./job-lease";

// A queue of its own per test, with the verify job's real options (an hour's expiry), so only its jobs
// are seen. The live worker is the worker's own pg-boss client (lib/jobs/queue.ts, maintenance on).
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const queues: string[] = [];
const newQueue = async (live: PgBoss) => {
  const name = `lease-test-${uid()}`;
  queues.push(name);
  await live.createQueue(name);
  return name;
};

/** A second worker process's pg-boss client: it takes one job and starts to run it. */
const takeOneJob = async (queue: string) => {
  const other = new PgBoss({ connectionString: env.DATABASE_URL, schema: "pgboss", max: 2, ...poolTimeouts() });
  other.on("error", () => {});
  await other.start();
  const [job] = await other.fetch<object>(queue, { includeMetadata: true });
  if (!job) throw new Error("no job to take");
  return { other, job };
};

const jobRow = async (id: string) =>
  (
    await db.$queryRaw<{ state: string; retry_count: number; expire_s: number }[]>`
      SELECT state::text, retry_count, extract(epoch FROM expire_in)::float8 AS expire_s FROM pgboss.job WHERE id = ${id}::uuid`
  )[0];

let live: PgBoss;
beforeAll(async () => {
  live = await getBoss({ supervise: true });
});
afterAll(async () => {
  for (const q of queues) await live.deleteQueue(q).catch(() => {});
  await live.stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

describe("job leases", () => {
  it("a verify job whose worker died runs again on a live worker within about 30 s", async () => {
    const queue = await newQueue(live);
    const id = await live.send(queue, { fileId: "f1" }, verifyFileJob.options);
    const { other, job } = await takeOneJob(queue);
    expect(job.id).toBe(id);
    expect(Number(job.expireInSeconds)).toBe(env.VERIFY_JOB_TIMEOUT_SECONDS);
    const leases = startJobLeases(other.getDb());
    await leases.hold([job]);
    // The lease, not the hour: the job's expiry now ends a lease ahead of its start.
    expect((await jobRow(id!))?.expire_s).toBeLessThanOrEqual(16);

    // The worker dies: no more renewals, its connections gone, the job still active in its name.
    leases.stop();
    await other.stop({ graceful: false, close: true, timeout: 1_000 });
    const died = Date.now();
    expect((await jobRow(id!))?.state).toBe("active");

    const ranAgain = new Promise<{ ms: number; retryCount: number }>((resolve) => {
      void live.work<object>(queue, { pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([again]) => {
        resolve({ ms: Date.now() - died, retryCount: again!.retryCount });
      });
    });
    const again = await Promise.race([ranAgain, sleep(60_000).then(() => null)]);
    // Lease 15 s + maintenance every 5 s + the retry delay (5–10 s): 30 s at worst; 45 s leaves room for a busy machine.
    expect(again).not.toBeNull();
    expect(again!.ms).toBeLessThan(45_000);
    expect(again!.retryCount).toBe(1);
  }, 90_000);

  it("a job whose worker is alive and renewing is not taken from it", async () => {
    const queue = await newQueue(live);
    const id = await live.send(queue, { fileId: "f2" }, verifyFileJob.options);
    const { other, job } = await takeOneJob(queue);
    // A short lease renewed every second, through two or more maintenance runs (every 5 s).
    const leases = startJobLeases(other.getDb(), { leaseSeconds: 3, renewSeconds: 1 });
    const release = await leases.hold([job]);
    await sleep(12_000);
    expect(await jobRow(id!)).toMatchObject({ state: "active", retry_count: 0 });
    // Done: it completes once, as the one run it was.
    release();
    leases.stop();
    await other.complete(queue, id!);
    expect(await jobRow(id!)).toMatchObject({ state: "completed", retry_count: 0 });
    await other.stop({ graceful: false, close: true, timeout: 1_000 });
  }, 60_000);

  it("leaves a job whose own expiry is shorter than a lease (mail) as it is", async () => {
    const queue = await newQueue(live);
    const id = await live.send(queue, { to: "x" }, { expireInSeconds: 15 });
    const { other, job } = await takeOneJob(queue);
    const leases = startJobLeases(other.getDb());
    await leases.hold([job]);
    expect(leases.held()).toBe(0);
    expect((await jobRow(id!))?.expire_s).toBe(15);
    leases.stop();
    await other.complete(queue, id!);
    await other.stop({ graceful: false, close: true, timeout: 1_000 });
  });
});
