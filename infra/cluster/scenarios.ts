import type { Cluster } from "./cluster";
import { postgresPids, signalPostgres } from "./cluster";
import { probe, underLoad, type LoadResult, type ProbeResult } from "./load";

export type Row = {
  scenario: string;
  requests: number;
  statuses: Record<string, number>;
  /** 302s without a committed DownloadEvent (must be 0); null where no download was made. */
  lostEvents: number | null;
  chain: string;
  problems: string[];
};

export type World = { downloadPath: string; token: string; userId: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const countEvents = async (userId: string) => {
  const { sqlPool } = await import("@/lib/sql");
  const { rows } = await sqlPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "DownloadEvent" WHERE "userId" = $1`,
    [userId],
  );
  return rows[0]!.n;
};

export const verifyChain = async () => {
  const { verifyAuditChain } = await import("@/lib/domain/audit/verify-audit-chain");
  const r = await verifyAuditChain();
  return r.ok ? `ok (${r.checked})` : `BROKEN at ${r.firstBadSeq}`;
};

/** A load scenario through nginx: no request may go unanswered, no 5xx, and every 302 has its DownloadEvent. */
const loadScenario = async (
  c: Cluster,
  w: World,
  scenario: string,
  seconds: number,
  during: () => Promise<void>,
  allowed: (status: number) => boolean = (s) => s === 302,
): Promise<Row> => {
  const before = await countEvents(w.userId);
  const r: LoadResult = await underLoad(
    { url: `${c.lbUrl}${w.downloadPath}`, headers: { authorization: `Bearer ${w.token}` }, seconds },
    during,
  );
  const events = (await countEvents(w.userId)) - before;
  const redirects = r.statuses["302"] ?? 0;
  const problems: string[] = [];
  if (r.errors) problems.push(`${r.errors} requests got no answer (reset, refused or timed out)`);
  for (const [code, n] of Object.entries(r.statuses)) if (!allowed(Number(code))) problems.push(`${n} × ${code}`);
  if (r.statuses["502"])
    problems.push(
      `nginx: ${c
        .nginxErrors()
        .filter((l) => /\[error\]/.test(l))
        .slice(-2)
        .join(" / ")}`,
    );
  if (redirects > events) problems.push(`${redirects - events} signed URLs without a DownloadEvent`);
  return {
    scenario,
    requests: r.requests + r.errors,
    statuses: { ...r.statuses, ...(r.errors ? { "no answer": r.errors } : {}) },
    lostEvents: Math.max(0, redirects - events),
    chain: await verifyChain(),
    problems,
  };
};

/** kill -9 one web replica under load: nginx sends everything to the other; it is started again after. */
export const killWebUnderLoad = (c: Cluster, w: World) =>
  loadScenario(c, w, "kill -9 web-1 under load", 12, async () => {
    await sleep(3000);
    await c.webs[0]!.kill9();
    await sleep(5000);
    await c.webs[0]!.start();
  });

/** SIGTERM one replica under load, start it again, then the other: a rolling restart with zero failures. */
export const rollingRestart = (c: Cluster, w: World) =>
  loadScenario(c, w, "rolling restart (SIGTERM) under load", 30, async () => {
    for (const web of c.webs) {
      const code = await web.term();
      if (code !== 0) throw new Error(`${web.name} exited with ${code} on SIGTERM`);
      await web.start();
      // A rolling restart moves on once the new process has served a while, as it would on readiness.
      await sleep(3000);
    }
  });

/**
 * PostgreSQL stalled (SIGSTOP on every postgres process) or killed, for 10 s under load: 503 with
 * Retry-After, never a 500 or an unanswered request, no answer slower than the timeouts allow, for
 * downloads and for pages alike; then the same processes recover on their own once the database is back.
 */
export const databaseOutage = async (c: Cluster, w: World, kind: "stalled" | "killed"): Promise<Row> => {
  let outage = false;
  let p: ProbeResult | undefined;
  // Pages too: the catalog and the seeded model's page, as a browser asks for them (no credentials).
  const pages = ["/", `/models${w.downloadPath.split("/resolve/")[0]}`];
  let pageProbes: ProbeResult[] = [];
  const row = await loadScenario(
    c,
    w,
    `PostgreSQL ${kind} 10 s under load`,
    24,
    async () => {
      await sleep(3000);
      const pids = postgresPids(c.pgDir);
      outage = true;
      const probing = probe(`${c.lbUrl}${w.downloadPath}`, { authorization: `Bearer ${w.token}` }, () => !outage);
      if (kind === "stalled") signalPostgres(pids, "SIGSTOP");
      else c.killPostgres();
      const probingPages = Promise.all(pages.map((page) => probe(`${c.lbUrl}${page}`, {}, () => !outage)));
      await sleep(10_000);
      if (kind === "stalled") signalPostgres(pids, "SIGCONT");
      else await c.restartPostgres();
      outage = false;
      p = await probing;
      pageProbes = await probingPages;
    },
    (s) => s === 302 || s === 503,
  );
  const health = await fetch(`${c.lbUrl}/api/health`).then((r) => r.status);
  const after = await fetch(`${c.lbUrl}${w.downloadPath}`, {
    headers: { authorization: `Bearer ${w.token}` },
    redirect: "manual",
  }).then((r) => r.status);
  if (!p?.statuses["503"]) row.problems.push("no 503 seen during the outage");
  if (p?.without503RetryAfter) row.problems.push(`${p.without503RetryAfter} × 503 without Retry-After`);
  // DB_STATEMENT_TIMEOUT_MS (8 s) + 1 s client bound + connect timeouts: generous, but bounded.
  if ((p?.slowestMs ?? 0) > 15_000) row.problems.push(`an answer took ${p?.slowestMs} ms during the outage`);
  // A page asked for during the outage: 503 with Retry-After (or 200 from a query that got in before the
  // stall or after it), never Next's 500, never a hang past the timeouts.
  for (const [i, page] of pages.entries()) {
    const seen = pageProbes[i];
    const bad = Object.entries(seen?.statuses ?? {}).filter(([s]) => s !== "200" && s !== "503");
    if (!seen?.statuses["503"]) row.problems.push(`page ${page}: no 503 during the outage`);
    if (bad.length) row.problems.push(`page ${page}: ${bad.map(([s, n]) => `${n} × ${s}`).join(", ")}`);
    if (seen?.without503RetryAfter)
      row.problems.push(`page ${page}: ${seen.without503RetryAfter} × 503 without Retry-After`);
    if ((seen?.slowestMs ?? 0) > 15_000) row.problems.push(`page ${page} took ${seen?.slowestMs} ms during the outage`);
    // Recovered once the pools have reconnected: a few seconds at most.
    let after = 0;
    for (let i = 0; i < 10 && after !== 200; i++) {
      if (i) await sleep(1000);
      after = await fetch(`${c.lbUrl}${page}`).then((r) => r.status);
    }
    if (after !== 200) row.problems.push(`page ${page} answered ${after} after the outage`);
  }
  const pageStatuses = pageProbes.flatMap((s) => Object.entries(s.statuses));
  for (const [status, n] of pageStatuses) row.statuses[`page ${status}`] = (row.statuses[`page ${status}`] ?? 0) + n;
  if (health !== 200) row.problems.push(`health ${health} after the outage`);
  if (after !== 302) row.problems.push(`a download answered ${after} after the outage (no recovery)`);
  row.scenario += ` (slowest ${((p?.slowestMs ?? 0) / 1000).toFixed(1)} s)`;
  return row;
};

/** A stalled database: health says so within its bound (DB_CONNECT_TIMEOUT_MS + 1 s), not after the stall. */
export const healthDuringStall = async (c: Cluster): Promise<Row> => {
  const pids = postgresPids(c.pgDir);
  signalPostgres(pids, "SIGSTOP");
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${c.webs[0]!.port}/api/health`, { signal: AbortSignal.timeout(20_000) })
    .then(async (r) => ({ status: r.status, body: (await r.json()) as { database?: string } }))
    .catch(() => null);
  const ms = Date.now() - started;
  signalPostgres(pids, "SIGCONT");
  const problems: string[] = [];
  if (res?.status !== 503 || res.body.database !== "down")
    problems.push(`health answered ${res?.status} ${JSON.stringify(res?.body)}`);
  if (ms > 6_000) problems.push(`health took ${ms} ms`);
  return {
    scenario: `health while PostgreSQL is stalled (${(ms / 1000).toFixed(1)} s)`,
    requests: 1,
    statuses: res ? { [res.status]: 1 } : { "no answer": 1 },
    lostEvents: null,
    chain: "-",
    problems,
  };
};
