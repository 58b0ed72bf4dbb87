// npm run bench:review: seeds 100,000 access requests and 1,000,000 audit rows into a throwaway
// embedded PostgreSQL, then prints p50/p95 of the review queue and the audit filter (through their
// domain functions) against the same SQL replayed bare, a deep queue page against page 1 (the
// goal: review-deep-page), and the CSV export's peak memory.
// Benchmarks never fail on timing: on shared, noisy machines only ratios against a baseline
// measured in the same run mean anything. --quick: 50,000 requests, 20,000 audit rows, 10 runs.
import os from "node:os";
import { Command } from "commander";
import pg from "pg";
import { findFreePort } from "../../local/ports";
import { startStack, type Stack } from "../../local/stack";
import { benchSession, log, productionStackEnv, secs, whole as count } from "../bench-kit";
import { measureExport } from "./export";
import {
  bigSeqScans,
  printResults,
  runAuditCases,
  runFloorCase,
  runQueueCases,
  type AuditSpan,
  type CaseResult,
} from "./cases";
import { fmtRatio, installSqlCapture } from "../measure";
import { BENCH_AUDIT_ACTIONS, seedReviewData } from "./seed";
import { runDeepPageCases } from "./deep-page";
import { goalLine } from "../goal-line";

const opts = new Command("bench:review")
  .option("--requests <N>", "access requests to seed", count(1000), 100_000)
  .option("--audit <N>", "audit rows to seed", count(1000), 1_000_000)
  .option("--runs <N>", "timed runs per case", count(5), 30)
  .option("--warmup <N>", "untimed runs per case first", count(0), 5)
  .option("--show-sql", "print the SQL each case sends (captured from the domain call)", false)
  .option("--quick", "a run of under three minutes: 50,000 requests, 20,000 audit rows, 10 runs (2 warm-up)", false)
  .parse()
  .opts<{ requests: number; audit: number; runs: number; warmup: number; showSql: boolean; quick: boolean }>();
// --quick sets what was not given explicitly: the deep page stays about 540 pages deep.
if (opts.quick)
  for (const [key, value] of [
    ["requests", 50_000],
    ["audit", 20_000],
    ["runs", 10],
    ["warmup", 2],
  ] as const)
    if (process.argv.every((a) => !a.startsWith(`--${key}`))) opts[key] = value;

/** The goal: a queue page deep in the pending requests costs at most this many times page 1. */
const DEEP_PAGE_TARGET = 1.2;

const YEAR_MS = 365 * 86_400_000;

const started = performance.now();
let stack: Stack | undefined;
let pool: pg.Pool | undefined;
let raw: pg.Client | undefined;
let disconnectDb: (() => Promise<void>) | undefined;
/** Stops everything this run started; the session then removes its data dir. */
const { dataDir, cleanup, interrupted } = benchSession("review", async () => {
  await disconnectDb?.().catch(() => {});
  await raw?.end().catch(() => {});
  await pool?.end().catch(() => {});
  await stack?.stop();
});

try {
  log(
    `Review benchmark: ${opts.requests} requests, ${opts.audit} audit rows, ${opts.runs} runs per case (after ${opts.warmup} warm-up), ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  let t = performance.now();
  const [port, pgPort] = await Promise.all([findFreePort(), findFreePort()]);
  // Its own database whatever the caller's environment says: DATABASE_URL is dropped, and S3 and
  // SMTP get placeholder values (nothing here stores files or sends mail) so only PostgreSQL starts.
  const { DATABASE_URL: _ignored, ...base } = process.env;
  stack = await startStack({
    port,
    dataDir,
    baseEnv: {
      ...productionStackEnv(base, { logLevel: "silent" }),
      S3_BUCKET: "bench-unused",
      S3_ENDPOINT: "http://127.0.0.1:9",
    },
    ports: { pg: pgPort },
    web: false,
    worker: false,
    log: () => {},
  });
  // lib/env validates at import: the environment must be in place before any lib module loads.
  Object.assign(process.env, stack.env);
  log(`Stack (embedded PostgreSQL, migrated) up in ${secs(t)}; data dir ${dataDir}`);

  installSqlCapture();
  const [{ db }, { listReviewQueue }, { encodeQueueCursor }, { listAuditEvents }, { seedAuditChain }] =
    await Promise.all([
      import("@/lib/db"),
      import("@/lib/domain/review/list-review-queue"),
      import("@/lib/domain/review/review-queue-cursor"),
      import("@/lib/domain/audit/list-audit-events"),
      import("@/lib/testing/seed-audit-chain"),
    ]);
  disconnectDb = () => db.$disconnect();
  pool = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
  // VACUUM ANALYZE of every table takes the owner.
  raw = new pg.Client({ connectionString: stack.env.MIGRATION_DATABASE_URL ?? stack.env.DATABASE_URL });
  // On Ctrl-C the database stops under these connections; their 'error' events must not end the
  // run before the cleanup has removed the data dir (a query in flight still fails with its error).
  pool.on("error", () => {});
  raw.on("error", () => {});
  await raw.connect();

  log("\nSeeding");
  t = performance.now();
  const data = await seedReviewData(pool, { requests: opts.requests });
  log(
    `  ${data.users} researchers with profiles, 20 models, 10 reviewers, ${data.requests} access requests: ${secs(t)}`,
  );

  t = performance.now();
  const stepMs = Math.max(1, Math.floor(YEAR_MS / opts.audit));
  const span: AuditSpan = { start: new Date(Date.now() - opts.audit * stepMs), end: new Date(), rows: opts.audit };
  // 101 researchers + the admin + "no actor" = 103 actor slots, 20 models + none = 21 slots, 13 actions.
  const actorIds = [...data.researcherIds.slice(0, 101), data.adminId, null];
  const modelIds = [...data.modelIds, null];
  const rotate = <T>(list: T[], by: number) => [...list.slice(by % list.length), ...list.slice(0, by % list.length)];
  const CHUNK = 100_000;
  for (let from = 0; from < opts.audit; from += CHUNK) {
    const n = Math.min(CHUNK, opts.audit - from);
    await seedAuditChain(pool, n, {
      actorIds: rotate(actorIds, from),
      modelIds: rotate(modelIds, from),
      actions: rotate(BENCH_AUDIT_ACTIONS, from),
      start: new Date(span.start.getTime() + from * stepMs),
      stepMs,
      data: (i) => ({ n: from + i, note: "benchmark row" }),
      targetId: (i) => `bench-${from + i}`,
    });
    if (opts.audit > CHUNK) log(`  audit rows: ${from + n} (${secs(t)})`);
  }
  log(`  ${opts.audit} hash-chained audit rows: ${secs(t)}`);
  t = performance.now();
  await raw.query("VACUUM ANALYZE");
  log(`  VACUUM ANALYZE: ${secs(t)}`);

  const ctx = { raw, runs: opts.runs, warmup: opts.warmup, showSql: opts.showSql, log };
  log("\nCalibration (one Prisma statement vs its SQL bare)");
  const slug = data.modelSlugs[0] as string;
  const floor = await runFloorCase(() => db.model.findUnique({ where: { slug }, select: { id: true } }), ctx);
  log("\nReview queue (listReviewQueue vs its SQL bare)");
  t = performance.now();
  const queue = await runQueueCases(listReviewQueue, data, ctx);
  log(`  (${secs(t)})`);
  log("\nDeep page vs page 1 (listReviewQueue both, timed in pairs; ratio = median of deep / page 1 per pair)");
  t = performance.now();
  const deep = await runDeepPageCases(listReviewQueue, encodeQueueCursor, data, ctx);
  log(`  (${secs(t)})`);
  log("\nAudit filter (listAuditEvents vs its SQL bare)");
  t = performance.now();
  const audit = await runAuditCases(listAuditEvents, data, span, ctx);
  log(`  (${secs(t)})`);
  printResults("Calibration: ms per call; ratio = Prisma / bare", floor, log);
  printResults("Review queue: ms per call; ratio = domain / bare", queue, log);
  printResults("Audit filter: ms per call; ratio = domain / bare", audit, log);

  const exported = await measureExport({ adminId: data.adminId, raw, rows: opts.audit, env: stack.env, log });

  const worst = (rs: CaseResult[]) => rs.reduce((w, r) => (r.p50 / r.bareP50 > w.p50 / w.bareP50 ? r : w));
  const seqs = bigSeqScans([...queue, ...audit]);
  log("\nSummary");
  for (const [label, rs] of [
    ["queue", queue],
    ["audit", audit],
  ] as const) {
    const w = worst(rs);
    log(
      `  ${label}: worst p50 ratio ${fmtRatio(w.p50 / w.bareP50)} (${w.name}); slowest p95 ${Math.max(...rs.map((r) => r.p95)).toFixed(1)} ms`,
    );
  }
  const f = floor[0] as CaseResult;
  log(
    `  Prisma floor (one statement): p50 ${f.p50.toFixed(2)} ms vs ${f.bareP50.toFixed(2)} ms bare (${fmtRatio(f.p50 / f.bareP50)})`,
  );
  log(`  seq scans on big tables: ${seqs.length ? seqs.join("; ") : "none"}`);
  log(`  export: ${exported}`);
  const deepest = deep.reduce((w, r) => (r.ratio > w.ratio ? r : w));
  log(
    `  deep queue page: worst ${fmtRatio(deepest.ratio)} of page 1 (${deepest.who}, page ${deepest.page}); ${deep.map((r) => `${r.who} ${fmtRatio(r.ratio)}`).join(", ")}`,
  );
  log(
    `  total run time ${secs(started)}; load average now ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs (absolute ms move with it; ratios much less)`,
  );
  log(goalLine("review-deep-page", deepest.ratio, "<=", DEEP_PAGE_TARGET));
} catch (e) {
  process.exitCode = 1;
  // After a signal the closed connections make the run fail; that error says nothing new.
  if (!interrupted()) console.error(e instanceof Error ? (e.stack ?? e.message) : e);
} finally {
  await cleanup();
}
