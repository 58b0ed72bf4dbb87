// npm run bench:downloads: starts a throwaway stack (embedded PostgreSQL, s3rver, the production
// web app; no worker), seeds a gated model with a big random file, and prints the download path's figures as
// ratios against baselines measured in the same run: 1. URL issuance vs a trivial route
// (autocannon), and whether the audit chain's lock limits it; 2. a download through `resolve` vs a
// direct presigned GET; 3. the CLI's sha256 vs `openssl dgst`. It never fails on timing.
// It serves the existing build and never builds: on a machine shared by builders, run it as
// `flock /tmp/e2e.lock sh -c 'npm run build && npm run bench:downloads'` so no build replaces .next mid-run.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { findFreePort } from "../../local/ports";
import { startStack, type Stack } from "../../local/stack";
import { auditLockVerdict, measureIssuanceTx, medianOf } from "./audit-lock";
import {
  fmtLock,
  measureIssuance,
  mergeLocks,
  printIssuance,
  ratioTo,
  type Route,
  type RouteSummary,
} from "./issuance";
import { seedDownloadWorld } from "./seed";
import { mbps, measureHash, measureTransfer, rate } from "./transfer";
import {
  benchSession,
  log,
  machineLine,
  productionStackEnv,
  requireBuild,
  secs,
  staleBuildNote,
  whole,
} from "../bench-kit";
import { logCodeShare, profileEnv } from "../cpu-profile/code-share";
import { goalLine } from "../goal-line";
import { fmtRatio } from "../measure";

const parsed = new Command("bench:downloads")
  .option("--quick", "three minutes or less: 64 MiB, 4 s runs, 2 rounds, 1 transfer round (explicit options still win)")
  .option("--size-mib <N>", "size of the big file, MiB", whole(1))
  .option("--duration <S>", "seconds per autocannon run", whole(1))
  .option("--connections <N>", "concurrent connections for the issuance runs", whole(1), 32)
  .option(
    "--rounds <N>",
    "rounds of (trivial, floor, resolve, manifest, playground, many users, manifest of one file) runs",
    whole(1),
  )
  .option("--transfer-rounds <N>", "timed rounds of each download and of each hash", whole(1))
  .option(
    "--profile",
    "sample the web process's CPU (a .cpuprofile in the temp dir, kept and named in the output) and tell per route how much of it ran our code",
  )
  .parse()
  .opts<{
    quick?: boolean;
    sizeMib?: number;
    duration?: number;
    connections: number;
    rounds?: number;
    transferRounds?: number;
    profile?: boolean;
  }>();
const q = Boolean(parsed.quick);
const opts = {
  sizeMib: parsed.sizeMib ?? (q ? 64 : 1024),
  duration: parsed.duration ?? (q ? 4 : 10),
  connections: parsed.connections,
  rounds: parsed.rounds ?? (q ? 2 : 3),
  transferRounds: parsed.transferRounds ?? (q ? 1 : 3),
};

const met = (ok: boolean) => (ok ? "met" : "NOT met");

/** The web app's error log lines (pino JSON, level >= 50), counted by "msg: error message". */
const summarizeServerErrors = (lines: string[]) => {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const json = line.slice(line.indexOf("{"));
    try {
      const entry = JSON.parse(json) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 50) continue;
      const key = `${entry.msg ?? "?"}: ${entry.err?.message ?? ""}`.slice(0, 160);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      if (/error/i.test(line)) counts.set(line.slice(0, 160), (counts.get(line.slice(0, 160)) ?? 0) + 1);
    }
  }
  return [...counts].map(([message, count]) => ({ message, count }));
};

requireBuild("bench:downloads");
const profilePath = parsed.profile
  ? path.join(os.tmpdir(), `registry-bench-downloads-${Date.now()}.cpuprofile`)
  : undefined;

const started = performance.now();
const serverLines: string[] = [];
let stack: Stack | undefined;
let disconnectDb: (() => Promise<void>) | undefined;
/** Stops everything this run started; the session then removes its data dir (objects and the local copy). */
const { dataDir, cleanup, interrupted } = benchSession("downloads", async () => {
  await disconnectDb?.().catch(() => {});
  await stack?.stop();
});

try {
  const cpus = os.cpus();
  log(machineLine("Downloads benchmark", execFileSync("openssl", ["version"]).toString().trim()));
  const stale = staleBuildNote();
  if (stale) log(stale);

  let t = performance.now();
  const [port, pgPort, s3Port] = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
  // Its own database and bucket whatever the caller's environment says; no mail is sent (no worker).
  const {
    DATABASE_URL: _db,
    S3_BUCKET: _bucket,
    S3_ENDPOINT: _endpoint,
    S3_ACCESS_KEY_ID: _key,
    S3_SECRET_ACCESS_KEY: _secret,
    ...base
  } = process.env;
  stack = await startStack({
    port,
    dataDir,
    baseEnv: {
      ...productionStackEnv(base, { appUrl: `http://127.0.0.1:${port}` }),
      // The limiter still runs on every issuance (a PostgreSQL upsert); it just never refuses here.
      DOWNLOAD_RATE_LIMIT_PER_MINUTE: "100000",
      // The floor route: the token lookup and one durable insert, the least an issuance must do.
      BENCH_FLOOR_ROUTE: "1",
      ...(profilePath ? profileEnv(base, profilePath) : {}),
    },
    ports: { pg: pgPort, s3: s3Port },
    web: true,
    worker: false,
    log: (line) => serverLines.push(line),
  });
  Object.assign(process.env, stack.env);
  const [{ db }, { closeSqlPool }] = await Promise.all([import("@/lib/db"), import("@/lib/sql")]);
  disconnectDb = () => Promise.all([db.$disconnect(), closeSqlPool()]).then(() => {});
  const appUrl = stack.appUrl;
  log(
    `Stack up in ${secs(t)}: web ${appUrl} (next start), PostgreSQL, s3rver ${stack.s3Endpoint}; data dir ${dataDir}`,
  );

  t = performance.now();
  const world = await seedDownloadWorld({
    sizeBytes: opts.sizeMib * 1024 * 1024,
    localCopy: path.join(dataDir, "big-file.bin"),
    grantees: opts.connections,
  });
  log(
    `Seeded ${world.slug}: ${world.big.path} (${opts.sizeMib} MiB, random, streamed to the bucket and a local copy) + ${world.small.path}; ` +
      `an approved researcher with the license accepted and a READ token, and ${world.grantees.length} more such researchers (${secs(t)})`,
  );

  const auth = { authorization: `Bearer ${world.token}` };
  const MANY = `resolve-${world.grantees.length}users`;
  const floorQuery = new URLSearchParams({ model: world.modelId, version: world.versionId, file: world.small.id });
  const routes: Route[] = [
    { name: "live", path: "/api/health/live", expected: 200 },
    { name: "floor", path: `/api/bench/floor?${floorQuery}`, headers: auth, expected: 200 },
    { name: "resolve", path: `/${world.slug}/resolve/main/${world.small.path}`, headers: auth, expected: 302 },
    { name: "manifest", path: `/api/v1/models/${world.slug}/manifest`, headers: auth, expected: 200 },
    {
      name: "playground",
      path: `/api/v1/models/${world.slug}/playground-sessions`,
      headers: auth,
      method: "POST",
      expected: 201,
    },
    // The same resolve, each request with the next researcher's token: concurrent issuances under different grants.
    {
      name: MANY,
      path: `/${world.slug}/resolve/main/${world.small.path}`,
      tokens: world.grantees.map((g) => g.token),
      expected: 302,
    },
    // The revision's manifest issues a URL, an event and an audit row per file (three): the same route
    // for one file tells the per-file work from the route's own.
    {
      name: "manifest-1file",
      path: `/api/v1/models/${world.slug}/manifest?path=${encodeURIComponent(world.small.path)}`,
      headers: auth,
      expected: 200,
    },
  ];
  log(
    `\n1. URL issuance: ${opts.connections} connections, ${opts.rounds} rounds of ${opts.duration} s per route (order rotated each round), redirects not followed`,
  );
  t = performance.now();
  const databaseUrl = stack.env.DATABASE_URL as string;
  const { summaries, lockOf } = await measureIssuance({
    base: appUrl,
    routes,
    connections: opts.connections,
    duration: opts.duration,
    rounds: opts.rounds,
    databaseUrl,
    log,
  });
  printIssuance(summaries, "live", log);
  printIssuance(summaries, "floor", log);
  const [live, floor, resolve, manifest, playground, many, manifestOne] = summaries as [
    RouteSummary,
    RouteSummary,
    RouteSummary,
    RouteSummary,
    RouteSummary,
    RouteSummary,
    RouteSummary,
  ];
  const wrongStatus = summaries.filter((s) => Object.keys(s.codes).some((c) => Number(c) !== s.route.expected));
  for (const s of wrongStatus)
    log(`  ${s.route.name}: expected only ${s.route.expected}, got ${JSON.stringify(s.codes)}`);
  log(`  (${secs(t)})`);

  log(
    `\n   Is the audit chain's lock (one global pg_advisory_xact_lock per append, held until commit) what limits issuance?`,
  );
  for (const name of ["resolve", "manifest", "playground", MANY, "manifest-1file"])
    log(`  during the ${name} runs (pg_stat_activity every 25 ms): ${fmtLock(lockOf(name))}`);
  const txSeconds = Math.min(opts.duration, 5);
  t = performance.now();
  const tx = await measureIssuanceTx({
    world,
    concurrency: opts.connections,
    seconds: txSeconds,
    rounds: 2,
    databaseUrl,
  });
  const withAudit = medianOf(tx.withAudit);
  const withoutAudit = medianOf(tx.withoutAudit);
  log(
    `  the issuance transaction alone (the app's insertDownloadEvents: grant row FOR SHARE + DownloadEvent insert + audit append, vs the same without the append), ${opts.connections} workers with a grant each, ${txSeconds} s runs alternating:`,
  );
  log(
    `    with the append ${withAudit.toFixed(0)} tx/s, without ${withoutAudit.toFixed(0)} tx/s (${fmtRatio(withAudit / withoutAudit)}); during the runs with it, ${fmtLock(mergeLocks(tx.locks))} (${secs(t)})`,
  );
  const one = lockOf("resolve");
  const spread = lockOf(MANY);
  const lockVerdict = auditLockVerdict({
    withAudit,
    withoutAudit,
    live,
    many,
    one,
    spread,
    users: world.grantees.length,
    cores: cpus.length,
  });
  log(`  → ${lockVerdict}`);

  log(
    `\n2. Download of the ${opts.sizeMib} MiB file, streamed and discarded: resolve (302 followed) vs a direct presigned GET; ${opts.transferRounds} rounds after one warm-up each, alternating`,
  );
  t = performance.now();
  const transfer = await measureTransfer({
    appUrl,
    s3Endpoint: stack.s3Endpoint as string,
    world,
    rounds: opts.transferRounds,
  });
  const [viaResolve, direct] = [rate(transfer.a), rate(transfer.b)];
  log(
    `  resolve: ${transfer.a.map((x) => `${x.ms.toFixed(0)} ms (302 after ${x.issuedMs?.toFixed(0)} ms)`).join(", ")} → ${mbps(viaResolve)}`,
  );
  log(`  direct:  ${transfer.b.map((x) => `${x.ms.toFixed(0)} ms`).join(", ")} → ${mbps(direct)}  (${secs(t)})`);

  log(
    `\n3. sha256 of the ${opts.sizeMib} MiB file (in the page cache): the CLI's sha256File vs openssl dgst -sha256; ${opts.transferRounds} rounds after one warm-up each, alternating`,
  );
  t = performance.now();
  const hashing = await measureHash({ world, rounds: opts.transferRounds });
  const [cliRate, opensslRate] = [rate(hashing.a), rate(hashing.b)];
  log(`  sha256File: ${hashing.a.map((x) => `${x.ms.toFixed(0)} ms`).join(", ")} → ${mbps(cliRate)}`);
  log(`  openssl:    ${hashing.b.map((x) => `${x.ms.toFixed(0)} ms`).join(", ")} → ${mbps(opensslRate)}  (${secs(t)})`);

  const errorsTotal = summaries.reduce((s, x) => s + x.bad + x.errors, 0) + (wrongStatus.length ? 1 : 0);
  const warmupBad = summaries.reduce((s, x) => s + x.warmupBad, 0);
  const r1 = ratioTo(resolve, live);
  const r2 = ratioTo(manifest, live);
  const r3 = ratioTo(many, live);
  const issuing = [
    { name: "resolve", s: resolve },
    { name: "manifest", s: manifest },
    { name: "playground-session", s: playground },
  ];
  if (profilePath) {
    // The profile is written when the web process exits; everything that needs the stack is done.
    await stack.stop();
    stack = undefined;
    logCodeShare(profilePath, summaries, log);
  }

  log("\nSummary (ratios against baselines of this run; timing never fails the run)");
  log(
    `  1. issuance throughput vs the floor route (${floor.rps.toFixed(0)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms; token lookup + one durable insert): ` +
      issuing
        .map(({ name, s: x }) => `${name} ${fmtRatio(ratioTo(x, floor))} (p50 ${x.p50} ms, p99 ${x.p99} ms)`)
        .join(", "),
  );
  log(
    `     the manifest names ${world.fileCount} files, so it issues ${world.fileCount} URLs, events and audit rows per request (${fmtRatio((world.fileCount * manifest.rps) / floor.rps)} of the floor in URLs/s); ` +
      `the same route for one file (path=): ${fmtRatio(ratioTo(manifestOne, floor))} (p50 ${manifestOne.p50} ms, p99 ${manifestOne.p99} ms, CPU ${manifestOne.cpuMs.toFixed(1)} ms/request)`,
  );
  log(
    `     vs /api/health/live (${live.rps.toFixed(0)} req/s, p50 ${live.p50} ms, p99 ${live.p99} ms): floor ${fmtRatio(ratioTo(floor, live))}, resolve ${fmtRatio(r1)}, manifest ${fmtRatio(r2)}, playground-session ${fmtRatio(ratioTo(playground, live))}`,
  );
  log(
    `     resolve with ${world.grantees.length} users: ${fmtRatio(r3)} of live, ${fmtRatio(ratioTo(many, floor))} of the floor (p50 ${many.p50} ms, p99 ${many.p99} ms); CPU per request: trivial ${live.cpuMs.toFixed(1)} ms, floor ${floor.cpuMs.toFixed(1)} ms, resolve ${resolve.cpuMs.toFixed(1)} / ${many.cpuMs.toFixed(1)} ms, manifest ${manifest.cpuMs.toFixed(1)} ms, playground-session ${playground.cpuMs.toFixed(1)} ms`,
  );
  const serverErrors = summarizeServerErrors(serverLines);
  const serverErrorCount = serverErrors.reduce((s, e) => s + e.count, 0);
  log(
    `     non-2xx/3xx responses and errors: ${errorsTotal} in the timed runs, ${warmupBad} in the warm-up, ${serverErrorCount} logged by the server (requests autocannon had given up on included); ` +
      `goal 0: ${met(errorsTotal + warmupBad + serverErrorCount === 0)}`,
  );
  log(`     audit lock: ${lockVerdict}`);
  const issuedMs = medianOf(transfer.a.map((x) => x.issuedMs ?? NaN));
  log(
    `  2. download through resolve vs direct presigned GET: ${fmtRatio(viaResolve / direct)} (${mbps(viaResolve)} vs ${mbps(direct)}; the 302 took a median ${issuedMs.toFixed(0)} ms); goal >= 0.95: ${met(viaResolve / direct >= 0.95)}`,
  );
  log(
    `  3. CLI sha256 vs openssl dgst: ${fmtRatio(cliRate / opensslRate)} (${mbps(cliRate)} vs ${mbps(opensslRate)}); goal >= 0.9: ${met(cliRate / opensslRate >= 0.9)}`,
  );
  log(
    `  server errors logged during the run: ${serverErrors.length ? serverErrors.map((e) => `${e.count}× ${e.message}`).join("; ") : "none"}`,
  );
  log(`  total run time ${secs(started)}; load average now ${os.loadavg()[0]?.toFixed(1)} on ${cpus.length} cores`);
  // Zero errors is part of each route's goal: a route with any failure misses it whatever its ratio.
  const clean = (x: RouteSummary) =>
    x.bad + x.errors + x.warmupBad === 0 && Object.keys(x.codes).every((c) => Number(c) === x.route.expected);
  for (const { name, s: x } of issuing) {
    const ratio = ratioTo(x, floor);
    log(goalLine(`issuance-vs-floor ${name}`, clean(x) && clean(floor) ? ratio : NaN, ">=", 0.7));
  }
  for (const { name, s: x } of issuing)
    log(goalLine(`issuance-p99-vs-p50 ${name}`, clean(x) ? x.p99 / Math.max(x.p50, 1) : NaN, "<=", 3));
} catch (e) {
  process.exitCode = 1;
  if (!interrupted()) console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  if (serverLines.length) console.error(`last server output:\n${serverLines.slice(-20).join("\n")}`);
} finally {
  await cleanup();
}
