import "server-only";
import PgBoss from "pg-boss";
import type { z } from "zod";
import type { Tx } from "@/lib/db";
import { poolTimeouts } from "@/lib/db-timeouts";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deliverWebhookJob } from "./deliver-webhook";
import { expireGrantsJob } from "./expire-grants";
import { makeFingerprintCopiesJob, sweepFingerprintCopiesJob } from "./fingerprint-copies";
import { inspectFileJob } from "./inspect-file";
import { reviewDigestJob } from "./review-digest";
import { sendEmailJob } from "./send-email";
import { verifyFileJob } from "./verify-file";

export type JobDefinition<S extends z.ZodType> = {
  name: string;
  schema: S;
  options?: PgBoss.SendOptions;
};

/** Every queue the worker serves; both processes create them so neither depends on start order. */
export const allJobs = [
  sendEmailJob,
  expireGrantsJob,
  deliverWebhookJob,
  verifyFileJob,
  inspectFileJob,
  makeFingerprintCopiesJob,
  sweepFingerprintCopiesJob,
  reviewDigestJob,
] as const;

/** The pg-boss queue of a job: its name, behind JOB_QUEUE_PREFIX when one is set (a separate set of queues). */
export const queueName = (name: string) => `${env.JOB_QUEUE_PREFIX ?? ""}${name}`;

/** Jobs the worker schedules itself (cron, UTC). */
export const scheduledJobs = [expireGrantsJob, sweepFingerprintCopiesJob, reviewDigestJob] as const;

const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss> };

/**
 * The pg-boss client. The web app only sends (no maintenance, no cron); the worker starts its own
 * instance with supervision on (workers/index.ts).
 */
export const getBoss = (options: { supervise?: boolean } = {}) =>
  (globalForBoss.boss ??= (async () => {
    // A start that failed half-way cannot be resumed (pg-boss then answers a second start() as
    // started), so each try starts a fresh instance and stops the failed one.
    const boss = await retryOnConflict(async () => {
      const attempt = newBoss(options);
      try {
        await attempt.start();
        return attempt;
      } catch (e) {
        await attempt.stop({ graceful: false }).catch(() => {});
        throw e;
      }
    });
    for (const job of allJobs) await retryOnConflict(() => createQueueOnce(boss, queueName(job.name)));
    return boss;
  })());

const newBoss = (options: { supervise?: boolean }) => {
  const boss = new PgBoss({
    connectionString: env.DATABASE_URL,
    schema: "pgboss",
    max: 4,
    ...poolTimeouts(),
    supervise: options.supervise ?? false,
    schedule: options.supervise ?? false,
    // Completed jobs (which may hold sealed mail) do not linger.
    deleteAfterDays: 7,
    archiveCompletedAfterSeconds: 3600,
    // Expired jobs (their worker died, its lease ran out: workers/job-lease.ts) are handed back by
    // maintenance: every 5 s, not every 2 min.
    maintenanceIntervalSeconds: 5,
  });
  // Code and message only: pg-boss's errors can carry a whole pg Client (connection settings included).
  boss.on("error", (e: Error & { code?: string; queue?: string }) =>
    logger.warn({ code: e.code, queue: e.queue, message: e.message }, "pg-boss"),
  );
  return boss;
};

/**
 * Runs `step` again when PostgreSQL ends it as a deadlock or a serialization failure. Two workers that
 * start together create the same queues and schedules at once, and one of them can be chosen as the
 * deadlock's victim: a retry a moment later succeeds, where failing would leave that worker dead.
 */
export const retryOnConflict = async <T>(step: () => Promise<T>, attempts = 5): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (i >= attempts || (code !== "40P01" && code !== "40001")) throw e;
      logger.warn({ code, attempt: i }, "pg-boss set-up met a concurrent one; trying again");
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400 * i));
    }
  }
};

const createQueueOnce = async (boss: PgBoss, name: string) => {
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name);
    } catch (e) {
      // Another process created it between the check and the create.
      if (!(await boss.getQueue(name))) throw e;
    }
  }
};

/**
 * Validates the payload and enqueues it. Given `tx`, the job row is inserted inside that
 * transaction (an outbox): it exists if and only if the change commits.
 */
export const enqueue = async <S extends z.ZodType>(
  job: JobDefinition<S>,
  payload: z.input<S>,
  { tx }: { tx?: Tx } = {},
) => {
  const data = job.schema.parse(payload) as object;
  const boss = await getBoss();
  const db = tx
    ? {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values),
        }),
      }
    : undefined;
  return boss.send(queueName(job.name), data, { ...job.options, ...(db ? { db } : {}) });
};
