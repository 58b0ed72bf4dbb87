// npm test: unit/integration tests (vitest, against a real embedded stack), then end-to-end
// tests (Playwright in Debian's Chromium, against the whole stack), then the cluster test (two web
// processes and two workers behind nginx, infra/cluster), then one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureBuild } from "./ensure-build";

const root = path.resolve(import.meta.dirname, "../..");
// Not test-results/: Playwright empties its output folder when it starts.
const results = path.join(root, "test-reports");
mkdirSync(results, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const run = (command: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(command, args, { stdio: "inherit", cwd: root, env: { ...process.env, ...env } }).status ?? 1;

type Counts = { passed: number; failed: number; skipped: number };

const vitestCounts = (file: string): Counts | null => {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
};

const playwrightCounts = (file: string): Counts | null => {
  if (!existsSync(file)) return null;
  const { stats } = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
};

const only = process.argv[2];
const unitJson = path.join(results, "vitest.json");
const e2eJson = path.join(results, "playwright.json");
let status = 0;

// Types, lint and formatting first: each fails fast, before minutes of tests.
const checks: [string, string, string[]][] = [
  ["type check", "tsc", ["--noEmit", "-p", "."]],
  ["lint", "eslint", ["--max-warnings=0", "."]],
  ["format check", "prettier", ["--check", "--log-level=warn", "."]],
];
for (const [name, tool, args] of checks) {
  if (run(bin(tool), args) !== 0) {
    console.log(`\ntests: 0 passed, 1 failed, 0 skipped (${name} failed)`);
    process.exit(1);
  }
}
if (only !== "e2e") {
  status |= run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]);
}
if (only !== "unit") {
  await ensureBuild();
  status |= run(bin("playwright"), ["test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  });
}

// The cluster test prints its own table; its result counts as one test per scenario it ran.
let cluster: Counts | null = null;
if (!only) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "infra/cluster/run.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(r.stdout ?? "");
  const m = /cluster: (\d+) passed, (\d+) failed/.exec(r.stdout ?? "");
  cluster = m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: 0 } : null;
  if (r.status !== 0) status = 1;
}

const parts = [
  only !== "e2e" ? ["unit", vitestCounts(unitJson)] : null,
  only !== "unit" ? ["e2e", playwrightCounts(e2eJson)] : null,
  !only ? ["cluster", cluster] : null,
].filter((p): p is [string, Counts | null] => p !== null);
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, c] of parts) {
  if (!c) {
    console.log(`${name}: no results (the runner did not finish)`);
    status = 1;
    continue;
  }
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
if (total.passed === 0) status = 1;
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status);
