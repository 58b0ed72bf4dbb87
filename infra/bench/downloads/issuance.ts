// Figure 1 of bench:downloads: URL issuance (Hub `resolve`, the REST manifest, a playground session)
// under N concurrent connections with autocannon, against the floor route of the same server (a token
// lookup and one durable insert: what any issuance must do) and the trivial /api/health/live.
// Runs of the routes alternate within each round (order rotated per round) so noise hits all, and
// pg_stat_activity is sampled during every run to see which locks issuance transactions wait on.
import { readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { profileClockMicros, type Window } from "../cpu-profile/code-share";
import { fmtRatio, formatTable } from "../measure";
import { percentile } from "../stats";

/** `tokens`: bearer tokens used in turn, one per request (many users); else `headers` as they are. */
export type Route = {
  name: string;
  path: string;
  headers?: Record<string, string>;
  tokens?: string[];
  method?: "GET" | "POST";
  expected: number;
};
/**
 * `cpuMs`: CPU time of the whole machine (server, PostgreSQL, autocannon, anything else running) per
 * response, from /proc/stat. `window`: when the run went on, on the CPU profile's clock.
 */
export type RunStats = {
  window: Window;
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  errors: number;
  codes: Record<string, number>;
  busy: number;
  cpuMs: number;
};
/** `bad`, `errors`, `codes`: the timed runs; `warmupBad`: non-2xx/3xx answers and errors of the warm-up. */
export type RouteSummary = {
  route: Route;
  runs: RunStats[];
  rps: number;
  p50: number;
  p99: number;
  cpuMs: number;
  bad: number;
  errors: number;
  codes: Record<string, number>;
  warmupBad: number;
};
/** Mean number of backends waiting on the audit chain's advisory lock, on a row lock, and active at all. */
export type LockSample = { samples: number; audit: number; auditShare: number; row: number; active: number };

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Busy and total jiffies of all CPUs so far (Linux; zeros elsewhere). */
const cpuTicks = () => {
  try {
    const [, ...f] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
};

const runOnce = async (
  base: string,
  route: Route,
  { connections, duration }: { connections: number; duration: number },
): Promise<RunStats> => {
  let turn = 0;
  const tokens = route.tokens ?? [];
  const before = cpuTicks();
  const from = profileClockMicros();
  const r = await autocannon({
    url: `${base}${route.path}`,
    connections,
    duration,
    headers: route.headers,
    method: route.method ?? "GET",
    timeout: 30,
    ...(tokens.length
      ? {
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                headers: { ...req.headers, authorization: `Bearer ${tokens[turn++ % tokens.length]}` },
              }),
            },
          ],
        }
      : {}),
  });
  const window = { from, to: profileClockMicros() };
  const after = cpuTicks();
  const busy = after.total > before.total ? (after.busy - before.busy) / (after.total - before.total) : NaN;
  const responses = r.requests.total;
  return {
    window,
    busy,
    cpuMs: responses ? (busy * os.cpus().length * r.duration * 1000) / responses : NaN,
    rps: responses / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    // What the goal calls "non-2xx/3xx": anything but a success or a redirect.
    bad: r["1xx"] + r["4xx"] + r["5xx"],
    errors: r.errors + r.timeouts,
    codes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
};

/**
 * Samples pg_stat_activity every `everyMs` while `work` runs: backends waiting on the audit chain's
 * advisory lock (their statement is the pg_advisory_xact_lock call), on a row lock (tuple or
 * transaction id: a SELECT … FOR UPDATE/SHARE behind another transaction), and active at all.
 */
export const sampleLocks = async <T>(
  databaseUrl: string,
  work: () => Promise<T>,
  everyMs = 25,
): Promise<{ result: T; lock: LockSample }> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const sums = { samples: 0, audit: 0, withAudit: 0, row: 0, active: 0 };
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await client.query<{ audit: number; row: number; active: number }>(`
        SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock%')::int AS audit,
               count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event IN ('tuple', 'transactionid'))::int AS row,
               count(*) FILTER (WHERE state = 'active')::int AS active
        FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`);
      const r = rows[0] ?? { audit: 0, row: 0, active: 0 };
      sums.samples++;
      sums.audit += r.audit;
      sums.withAudit += r.audit > 0 ? 1 : 0;
      sums.row += r.row;
      sums.active += r.active;
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  try {
    const result = await work();
    running = false;
    await sampler;
    const n = sums.samples || 1;
    return {
      result,
      lock: {
        samples: sums.samples,
        audit: sums.audit / n,
        auditShare: sums.withAudit / n,
        row: sums.row / n,
        active: sums.active / n,
      },
    };
  } finally {
    running = false;
    await sampler.catch(() => {});
    await client.end();
  }
};

/**
 * Waits until no database session of the app is busy for half a second (or 60 s pass). autocannon
 * abandons the requests in flight when a run ends, but the server finishes them: without this, that
 * backlog would be charged to whichever run comes next.
 */
export const waitUntilQuiet = async (databaseUrl: string) => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    for (let quiet = 0; quiet < 5 && Date.now() - started < 60_000;) {
      const { rows } = await client.query<{ busy: number }>(
        `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      quiet = (rows[0]?.busy ?? 0) === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  } finally {
    await client.end();
  }
};

/** Lock samples of several runs as one. */
export const mergeLocks = (ls: LockSample[]): LockSample => {
  const samples = ls.reduce((s, l) => s + l.samples, 0);
  const mean = (k: "audit" | "auditShare" | "row" | "active") =>
    ls.reduce((s, l) => s + l[k] * l.samples, 0) / (samples || 1);
  return { samples, audit: mean("audit"), auditShare: mean("auditShare"), row: mean("row"), active: mean("active") };
};

export const fmtLock = (l: LockSample) =>
  `of ${l.active.toFixed(1)} active backends on average, ${l.audit.toFixed(2)} waited on the audit lock (in ${(100 * l.auditShare).toFixed(0)}% of ${l.samples} samples) and ${l.row.toFixed(2)} on a row lock`;

/** Warm-up, then `rounds` rounds of one run per route, the order rotated each round. */
export const measureIssuance = async (o: {
  base: string;
  routes: Route[];
  connections: number;
  duration: number;
  rounds: number;
  databaseUrl: string;
  log: (line: string) => void;
}) => {
  const { base, routes, connections, duration, rounds, databaseUrl, log } = o;
  // Warm-up answers are not timed, but a failure there is still a failure: it is counted.
  const warmup = new Map<string, RunStats>();
  for (const route of routes) {
    warmup.set(route.name, await runOnce(base, route, { connections, duration: 3 }));
    await waitUntilQuiet(databaseUrl);
  }
  log(
    `  warm-up, 3 s per route (then until the database is quiet, as after every run): ${routes.map((r) => `${r.name} ${fmtCodes(warmup.get(r.name)?.codes ?? {})}${warmup.get(r.name)?.errors ? ` ${warmup.get(r.name)?.errors} errors` : ""}`).join("; ")}`,
  );
  const runs = new Map<string, RunStats[]>(routes.map((r) => [r.name, []]));
  const locks = new Map<string, LockSample[]>(routes.map((r) => [r.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = [...routes.slice(round % routes.length), ...routes.slice(0, round % routes.length)];
    for (const route of order) {
      const { result, lock } = await sampleLocks(databaseUrl, () => runOnce(base, route, { connections, duration }));
      const settleMs = await waitUntilQuiet(databaseUrl);
      runs.get(route.name)?.push(result);
      locks.get(route.name)?.push(lock);
      log(
        `  round ${round + 1} ${route.name.padEnd(14)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  CPU busy ${(100 * result.busy).toFixed(0)}%  ${fmtCodes(result.codes)}${result.errors ? `  ${result.errors} errors` : ""}  (backlog drained in ${(settleMs / 1000).toFixed(1)} s)`,
      );
    }
  }
  const summaries: RouteSummary[] = routes.map((route) => {
    const rs = runs.get(route.name) ?? [];
    const codes: Record<string, number> = {};
    for (const r of rs) for (const [c, n] of Object.entries(r.codes)) codes[c] = (codes[c] ?? 0) + n;
    return {
      route,
      runs: rs,
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      cpuMs: median(rs.map((r) => r.cpuMs)),
      bad: rs.reduce((s, r) => s + r.bad, 0),
      errors: rs.reduce((s, r) => s + r.errors, 0),
      codes,
      warmupBad: (warmup.get(route.name)?.bad ?? 0) + (warmup.get(route.name)?.errors ?? 0),
    };
  });
  return { summaries, lockOf: (name: string) => mergeLocks(locks.get(name) ?? []) };
};

const fmtCodes = (codes: Record<string, number>) =>
  Object.entries(codes)
    .map(([c, n]) => `${c}×${n}`)
    .join(" ");

/** The throughput ratio (median of per-round ratios) of a route to the floor. */
export const ratioTo = (s: RouteSummary, base: RouteSummary) =>
  median(s.runs.map((r, i) => r.rps / (base.runs[i]?.rps ?? NaN)));

/** Per-route table, then each issuing route's throughput ratio to the floor, round by round. */
export const printIssuance = (summaries: RouteSummary[], floor: string, log: (line: string) => void) => {
  const base = summaries.find((s) => s.route.name === floor) as RouteSummary;
  log(
    "  (medians over the rounds; CPU ms/req = CPU time of the whole machine (server, PostgreSQL, autocannon and anything else running) per response)",
  );
  log(
    formatTable(
      ["route", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "non-2xx/3xx", "errors", "status codes (all rounds)"],
      summaries.map((s) => [
        s.route.name,
        s.rps.toFixed(0),
        String(s.p50),
        String(s.p99),
        s.cpuMs.toFixed(1),
        String(s.bad),
        String(s.errors),
        fmtCodes(s.codes),
      ]),
    ),
  );
  for (const s of summaries) {
    if (s === base) continue;
    const perRound = s.runs.map((r, i) => r.rps / (base.runs[i]?.rps ?? NaN));
    log(
      `  ${s.route.name}/${floor} throughput: per round ${perRound.map(fmtRatio).join(" ")}; median ${fmtRatio(ratioTo(s, base))}`,
    );
  }
};
