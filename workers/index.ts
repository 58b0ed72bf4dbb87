// The worker process: serves every pg-boss queue in lib/jobs, one handler file per job.
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { allJobs, getBoss, queueName, retryOnConflict, scheduledJobs } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { startAuditCheckpoints } from "./audit-checkpoints";
import { jobAttempt, type JobAttempt } from "./job-attempt";
import { startJobLeases } from "./job-lease";

/** Every handler gets the parsed payload, its job id and which attempt this is; most read only the payload. */
type Handler = { run: (input: { payload: never; jobId: string } & JobAttempt) => Promise<unknown> };
const handlers: Record<string, () => Promise<Handler>> = {
  "send-email": () => import("./handlers/send-email"),
  "expire-grants": () => import("./handlers/expire-grants"),
  "deliver-webhook": () => import("./handlers/deliver-webhook"),
  "verify-file": () => import("./handlers/verify-file"),
  "inspect-file": () => import("./handlers/inspect-file"),
  "make-fingerprint-copies": () => import("./handlers/make-fingerprint-copies"),
  "sweep-fingerprint-copies": () => import("./handlers/sweep-fingerprint-copies"),
  "review-digest": () => import("./handlers/review-digest"),
};

/** Jobs fetched (and run side by side) per poll: mail and webhooks are small and come in bursts. */
const batchSizes: Record<string, number> = { "send-email": 20, "deliver-webhook": 8 };

const main = async () => {
  const boss = await getBoss({ supervise: true });
  // Long jobs (verify, inspect) hold a short renewed lease, so a dead worker's job comes back in ~30 s.
  const leases = startJobLeases(boss.getDb());
  for (const job of allJobs) {
    const load = handlers[job.name];
    if (!load) throw new Error(`no handler for job ${job.name}`);
    const { run } = await load();
    const queue = queueName(job.name);
    const runOne = async (item: PgBoss.JobWithMetadata<object>) => {
      const started = Date.now();
      const attempt = jobAttempt(item);
      try {
        // Payloads are parsed again on the way out: the queue is a boundary like any other.
        const payload = job.schema.parse(item.data) as never;
        const result = await run({ payload, jobId: item.id, ...attempt });
        logger.info({ job: job.name, jobId: item.id, ms: Date.now() - started }, "job done");
        return { ok: true as const, result };
      } catch (e) {
        logger.warn(
          { job: job.name, jobId: item.id, ...attempt, err: e },
          attempt.lastAttempt ? "job failed on its last attempt" : "job failed; pg-boss will retry",
        );
        return { ok: false as const, error: e };
      }
    };
    await boss.work<object>(
      queue,
      { batchSize: batchSizes[job.name] ?? 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
      async (items) => {
        const release = await leases.hold(items);
        try {
          if (items.length === 1) {
            const one = await runOne(items[0]!);
            if (!one.ok) throw one.error;
            return one.result;
          }
          // Each job of a batch completes or fails on its own (pg-boss would fail the whole batch for one
          // error); the ones failed here are no longer active, so pg-boss's completion skips them.
          const outcomes = await Promise.all(items.map(runOne));
          for (const [i, o] of outcomes.entries())
            if (!o.ok)
              await boss.fail(queue, items[i]!.id, { message: String((o.error as Error)?.message ?? o.error) });
        } finally {
          release();
        }
      },
    );
  }
  // pg-boss keeps one schedule per name however many workers run.
  for (const job of scheduledJobs)
    await retryOnConflict(() => boss.schedule(queueName(job.name), job.cron, {}, { ...job.options, tz: "UTC" }));
  const stopCheckpoints = startAuditCheckpoints();
  logger.info({ queues: allJobs.map((j) => j.name), env: env.NODE_ENV }, "worker ready");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Stops fetching, waits for the jobs in hand, and fails (so retries) any still running at the end.
    logger.info({ signal }, "worker stopping");
    stopCheckpoints();
    await boss.stop({ graceful: true, timeout: env.SHUTDOWN_GRACE_SECONDS * 1000 }).catch((e: Error) => {
      logger.warn({ message: e.message }, "worker stopped with an error");
    });
    leases.stop();
    logger.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
};

main().catch((e: Error & { code?: string }) => {
  logger.fatal({ code: e.code, message: e.message }, "worker failed to start");
  process.exit(1);
});
