import { countOf } from "@/lib/format";

/**
 * Why the verify job gave up on a file after its last attempt, short enough to show next to the
 * file. `error` is what the last attempt threw (the abort reason when it ran out of time).
 */
export const describeReadFailure = (error: unknown, attempts: number) => {
  const e = error as { name?: unknown; message?: unknown } | null;
  const name = typeof e?.name === "string" ? e.name : "";
  const message = typeof e?.message === "string" ? e.message : "";
  const detail =
    name === "TimeoutError"
      ? "timed out (each attempt may take VERIFY_JOB_TIMEOUT_SECONDS)"
      : [name, message].filter(Boolean).join(": ").replace(/\s+/g, " ").trim() || String(error);
  const short = detail.length > 160 ? `${detail.slice(0, 159)}…` : detail;
  return `could not read the object from storage after ${countOf(attempts, "attempt")}: ${short}`;
};
