import { afterAll, describe, expect, it } from "vitest";
import { getBoss } from "@/lib/jobs/queue";
import { uid } from "@/lib/testing/factories";
import { jobAttempt, type JobAttempt } from "./job-attempt";

// The installed pg-boss's own metadata, not an assumption about it: a job that always throws, with
// two retries, is seen by the worker as attempts 1, 2 and 3, the third marked last, then fails.
const queue = `test-attempts-${uid()}`;
afterAll(async () => {
  const boss = await getBoss();
  await boss.deleteQueue(queue).catch(() => {});
  await boss.stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

describe("jobAttempt", () => {
  it("counts from 1 and marks the run whose retryCount reached retryLimit as the last", () => {
    expect(jobAttempt({ retryCount: 0, retryLimit: 8 })).toEqual({ attempt: 1, lastAttempt: false });
    expect(jobAttempt({ retryCount: 7, retryLimit: 8 })).toEqual({ attempt: 8, lastAttempt: false });
    expect(jobAttempt({ retryCount: 8, retryLimit: 8 })).toEqual({ attempt: 9, lastAttempt: true });
    expect(jobAttempt({ retryCount: 0, retryLimit: 0 })).toEqual({ attempt: 1, lastAttempt: true });
  });

  it("matches what pg-boss hands a worker with includeMetadata, run by run, until the job fails for good", async () => {
    const boss = await getBoss();
    await boss.createQueue(queue);
    const seen: JobAttempt[] = [];
    const id = await boss.send(queue, { n: 1 }, { retryLimit: 2, retryDelay: 0, retryBackoff: false });
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([item]) => {
      if (item) seen.push(jobAttempt(item));
      throw new Error("storage is down");
    });
    await expect
      .poll(async () => (await boss.getJobById(queue, id as string))?.state, { timeout: 20_000, interval: 200 })
      .toBe("failed");
    expect(seen).toEqual([
      { attempt: 1, lastAttempt: false },
      { attempt: 2, lastAttempt: false },
      { attempt: 3, lastAttempt: true },
    ]);
  });
});
