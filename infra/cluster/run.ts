// npm run test:cluster: two web processes and two workers (the production role commands) behind
// Debian's nginx, on one PostgreSQL with the embedded S3 and mail; faults injected under load
// (autocannon, 16 connections). Prints a summary table; exits 1 when any scenario has a problem.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../local/ensure-build";
import { startCluster, type Cluster } from "./cluster";
import {
  databaseOutage,
  healthDuringStall,
  killWebUnderLoad,
  rollingRestart,
  verifyChain,
  type Row,
} from "./scenarios";
import { mailBurst, rateLimitAcrossReplicas, sessionAcrossReplicas } from "./scenarios-app";
import { badSetting, npmStartSigterm } from "./scenarios-process";

const started = Date.now();
const log = (l: string) => console.log(`[cluster ${((Date.now() - started) / 1000).toFixed(0)}s] ${l}`);
const dir = mkdtempSync(path.join(os.tmpdir(), "registry-cluster-"));
// The embedded PostgreSQL runs as an unprivileged user, which must be able to reach its directory.
chmodSync(dir, 0o755);
const rows: Row[] = [];
let cluster: Cluster | undefined;

const step = async (name: string, fn: () => Promise<Row>) => {
  log(name);
  try {
    rows.push(await fn());
  } catch (e) {
    rows.push({ scenario: name, requests: 0, statuses: {}, lostEvents: null, chain: "-", problems: [String(e)] });
  }
  const last = rows.at(-1)!;
  log(`  ${last.problems.length ? `PROBLEMS: ${last.problems.join("; ")}` : "ok"}`);
};

const table = () => {
  const head = ["scenario", "requests", "outcomes", "lost events", "chain", "result"];
  const body = rows.map((r) => [
    r.scenario,
    String(r.requests),
    Object.entries(r.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ") || "-",
    r.lostEvents === null ? "-" : String(r.lostEvents),
    r.chain,
    r.problems.length ? `FAIL: ${r.problems.join("; ")}` : "ok",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
};

try {
  await ensureBuild(log);
  log(`starting PostgreSQL, S3, mail, 2 × start:web, 2 × start:worker and nginx in ${dir}`);
  cluster = await startCluster(dir, log);
  const c = cluster;
  Object.assign(process.env, c.settings);
  const { seedDownloadWorld } = await import("../bench/downloads/seed");
  const seeded = await seedDownloadWorld({ sizeBytes: 1024 * 1024, localCopy: path.join(dir, "big.bin") });
  const world = {
    downloadPath: `/${seeded.slug}/resolve/main/${seeded.small.path}`,
    token: seeded.token,
    userId: seeded.userId,
  };

  // CLUSTER_SCENARIOS=rolling,mail (names below) runs a subset while working on one.
  const only = process.env.CLUSTER_SCENARIOS?.split(",");
  const want = (name: string) => !only || only.includes(name);
  if (want("session")) await step("session across replicas", () => sessionAcrossReplicas(c));
  if (want("ratelimit")) await step("rate limit across replicas", () => rateLimitAcrossReplicas(c, world));
  // The load scenarios measure failover, not the limiter: restart both replicas with a limit load never reaches.
  c.settings.DOWNLOAD_RATE_LIMIT_PER_MINUTE = "100000";
  for (const web of c.webs) {
    await web.term();
    await web.start();
  }
  if (want("kill")) await step("kill -9 a web replica under load", () => killWebUnderLoad(c, world));
  if (want("rolling")) await step("rolling restart under load", () => rollingRestart(c, world));
  if (want("mail")) await step("mail burst", () => mailBurst(c, { killWorker: false }));
  if (want("mail")) await step("mail burst, worker killed", () => mailBurst(c, { killWorker: true }));
  if (want("db")) await step("health while stalled", () => healthDuringStall(c));
  if (want("db")) await step("database stalled under load", () => databaseOutage(c, world, "stalled"));
  if (want("db")) await step("database killed under load", () => databaseOutage(c, world, "killed"));
  if (want("config")) await step("bad setting", () => badSetting(c.settings, dir));
  log(`audit chain at the end: ${await verifyChain()}`);
  const { closeSqlPool } = await import("@/lib/sql");
  const { db } = await import("@/lib/db");
  await Promise.all([closeSqlPool(), db.$disconnect()]);
  await cluster.stop();
  cluster = undefined;
  if (want("npmstart")) await step("npm start, SIGTERM", () => npmStartSigterm(dir));
} catch (e) {
  rows.push({
    scenario: "cluster set-up",
    requests: 0,
    statuses: {},
    lostEvents: null,
    chain: "-",
    problems: [String(e)],
  });
} finally {
  await cluster?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nCluster test (${((Date.now() - started) / 1000).toFixed(0)} s): nginx → 2 web, 2 workers, 1 PostgreSQL\n`,
);
console.log(table());
const failed = rows.filter((r) => r.problems.length).length;
console.log(`\ncluster: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
