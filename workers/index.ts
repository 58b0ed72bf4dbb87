// The worker process: serves every pg-boss queue in lib/jobs, one handler file per job.
import { env } from "@/lib/env";
import { allJobs, getBoss, queueName, scheduledJobs } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { jobAttempt, type JobAttempt } from "./job-attempt";

/** Every handler gets the parsed payload, its job id and which attempt this is; most read only the payload. */
type Handler = { run: (input: { payload: never; jobId: string } & JobAttempt) => Promise<unknown> };
const handlers: Record<string, () => Promise<Handler>> = {
  "send-email": () => import("./handlers/send-email"),
  "expire-grants": () => import("./handlers/expire-grants"),
  "deliver-webhook": () => import("./handlers/deliver-webhook"),
  "verify-file": () => import("./handlers/verify-file"),
  "inspect-file": () => import("./handlers/inspect-file"),
};

const main = async () => {
  const boss = await getBoss({ supervise: true });
  for (const job of allJobs) {
    const load = handlers[job.name];
    if (!load) throw new Error(`no handler for job ${job.name}`);
    const { run } = await load();
    await boss.work(
      queueName(job.name),
      { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
      async ([item]) => {
        if (!item) return;
        const started = Date.now();
        // Payloads are parsed again on the way out: the queue is a boundary like any other.
        const payload = job.schema.parse(item.data) as never;
        const attempt = jobAttempt(item);
        try {
          const result = await run({ payload, jobId: item.id, ...attempt });
          logger.info({ job: job.name, jobId: item.id, ms: Date.now() - started }, "job done");
          return result;
        } catch (e) {
          logger.warn(
            { job: job.name, jobId: item.id, ...attempt, err: e },
            attempt.lastAttempt ? "job failed on its last attempt" : "job failed; pg-boss will retry",
          );
          throw e;
        }
      },
    );
  }
  // pg-boss keeps one schedule per name however many workers run.
  for (const job of scheduledJobs)
    await boss.schedule(queueName(job.name), job.cron, {}, { ...job.options, tz: "UTC" });
  logger.info({ queues: allJobs.map((j) => j.name), env: env.NODE_ENV }, "worker ready");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker stopping");
    await boss.stop({ graceful: true, timeout: 8_000 });
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
};

main().catch((e) => {
  logger.fatal({ err: e }, "worker failed to start");
  process.exit(1);
});
