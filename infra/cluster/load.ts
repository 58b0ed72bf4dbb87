import autocannon from "autocannon";

export type LoadResult = {
  requests: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Requests that got no answer: connection errors (resets, refusals) and timeouts. */
  errors: number;
  latencyMaxMs: number;
};

/** autocannon (16 connections by default) against `url` for `seconds`, while `during` runs (a fault under load). */
export const underLoad = async (
  {
    url,
    headers,
    seconds,
    connections = 16,
  }: { url: string; headers?: Record<string, string>; seconds: number; connections?: number },
  during: () => Promise<void> = async () => {},
): Promise<LoadResult> => {
  const run = autocannon({ url, headers, connections, duration: seconds, timeout: 20 });
  const [result] = await Promise.all([run, during()]);
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count;
  return {
    requests: Object.values(statuses).reduce((a, b) => a + b, 0),
    statuses,
    errors: result.errors,
    latencyMaxMs: result.latency.max,
  };
};

export type ProbeResult = { statuses: Record<string, number>; without503RetryAfter: number; slowestMs: number };

/** One request after another until `until()` is true: what each answered, and whether 503s say when to retry. */
export const probe = async (url: string, headers: Record<string, string>, until: () => boolean) => {
  const out: ProbeResult = { statuses: {}, without503RetryAfter: 0, slowestMs: 0 };
  while (!until()) {
    const started = Date.now();
    const res = await fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(30_000) }).catch(
      () => null,
    );
    out.slowestMs = Math.max(out.slowestMs, Date.now() - started);
    const key = res ? String(res.status) : "error";
    out.statuses[key] = (out.statuses[key] ?? 0) + 1;
    if (res?.status === 503 && !res.headers.get("retry-after")) out.without503RetryAfter += 1;
    await res?.arrayBuffer().catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
};
