import { afterAll, beforeAll } from "vitest";
import { getBoss } from "@/lib/jobs/queue";
import { cleanup, deleteMailJobsTo } from "./factories";

/**
 * For test files that create models and queue mail: collects what to remove, starts the queue
 * client before the tests and removes the rows and mail jobs (and stops the client) after them.
 */
export const trackTestRows = () => {
  const modelIds: string[] = [];
  const emails: string[] = [];
  beforeAll(async () => void (await getBoss()));
  afterAll(async () => {
    await cleanup({ modelIds });
    await deleteMailJobsTo(emails);
    await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
  });
  return { modelIds, emails };
};
