/**
 * Which run of its job this is, from pg-boss's metadata (v10): the first run has `retryCount` 0, each
 * retry (a throw, or an expiry after a killed worker) adds one, and a run with `retryCount` equal to
 * `retryLimit` that throws fails the job for good. `attempt` counts from 1.
 */
export const jobAttempt = ({ retryCount, retryLimit }: { retryCount: number; retryLimit: number }) => ({
  attempt: retryCount + 1,
  lastAttempt: retryCount >= retryLimit,
});

export type JobAttempt = ReturnType<typeof jobAttempt>;
