// Scenarios about the processes themselves: a bad setting, and `npm start` stopped by SIGTERM.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { findFreePort, waitForHttp } from "../local/ports";
import { roleCommand } from "./cluster";
import type { Row } from "./scenarios";

const root = path.resolve(import.meta.dirname, "../..");

/** Every role command refuses DOWNLOAD_RATE_LIMIT_PER_MINUTE=1000000 with one message, no stack trace, before starting anything. */
export const badSetting = async (settings: NodeJS.ProcessEnv, dir: string): Promise<Row> => {
  const problems: string[] = [];
  const env = { ...settings, DOWNLOAD_RATE_LIMIT_PER_MINUTE: "1000000", PORT: String(await findFreePort()) };
  for (const role of ["start:web", "start:worker", "migrate"] as const) {
    const { command, args } = roleCommand(role);
    const r = spawnSync(command, args, { env, encoding: "utf8", timeout: 60_000 });
    const out = r.stdout + r.stderr;
    if (r.status !== 1) problems.push(`${role} exited ${r.status}`);
    if (!/DOWNLOAD_RATE_LIMIT_PER_MINUTE/.test(out)) problems.push(`${role} did not name the setting`);
    if (/^\s+at /m.test(out)) problems.push(`${role} printed a stack trace`);
  }
  // npm start: refused before PostgreSQL, S3 or mail start (nothing is created in its data dir).
  const dataDir = path.join(dir, "bad-setting");
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "infra/local/start.ts")], {
    env: {
      ...process.env,
      DOWNLOAD_RATE_LIMIT_PER_MINUTE: "1000000",
      DATA_DIR: dataDir,
      PORT: String(await findFreePort()),
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status !== 1 || !/DOWNLOAD_RATE_LIMIT_PER_MINUTE/.test(r.stderr))
    problems.push(`npm start: ${r.status} ${r.stderr}`);
  if (existsSync(dataDir)) problems.push("npm start created its data dir before refusing");
  return {
    scenario: "bad setting: role commands and npm start refuse",
    requests: 4,
    statuses: {},
    lostEvents: null,
    chain: "-",
    problems,
  };
};

const descendants = (pid: number): number[] => {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout;
  const pairs = out.split("\n").map((l) => l.trim().split(/\s+/).map(Number)) as [number, number][];
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of pairs)
      if (pp === p && !found.includes(c)) {
        found.push(c);
        walk(c);
      }
  };
  walk(pid);
  return found;
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `npm start`, then SIGTERM to npm's pid: exit 0, PostgreSQL last, and no process left behind. */
export const npmStartSigterm = async (dir: string): Promise<Row> => {
  const problems: string[] = [];
  const port = await findFreePort();
  const dataDir = path.join(dir, "npm-start");
  const ports = {
    PG_PORT: await findFreePort(),
    S3_PORT: await findFreePort(),
    SMTP_PORT: await findFreePort(),
    MAIL_WEB_PORT: await findFreePort(),
  };
  const { DATABASE_URL: _d, S3_BUCKET: _b, SMTP_URL: _s, NEXTAUTH_URL: _n, ...base } = process.env;
  const npm = spawn("npm", ["start"], {
    cwd: root,
    env: {
      ...base,
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout.on("data", (d) => (output += d));
  npm.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => npm.once("exit", (code) => r(code)));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/api/health/live`, 120_000, () => npm.exitCode !== null);
    // Until the line that says it is up: the stack registers its parts before printing it.
    for (let i = 0; i < 100 && !output.includes("is up"); i++) await new Promise((r) => setTimeout(r, 200));
  } catch (e) {
    problems.push(`npm start did not come up: ${String(e)}`);
  }
  const started = [npm.pid!, ...descendants(npm.pid!)];
  const postgres = execFileSync("ps", ["-e", "-o", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(dataDir))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  npm.kill("SIGTERM");
  const code = await Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 60_000))]);
  await new Promise((r) => setTimeout(r, 1000));
  const left = [...new Set([...started, ...postgres])].filter(alive);
  if (code !== 0) problems.push(`npm start exited ${code}`);
  if (left.length) problems.push(`${left.length} processes left running: ${left.join(", ")}`);
  for (const pid of left) process.kill(pid, "SIGKILL");
  if (/pg-boss|uncaughtException|\n\s+at /.test(output.split("stopping")[1] ?? ""))
    problems.push("error output while stopping");
  return {
    scenario: `npm start, SIGTERM to its pid (${started.length + postgres.length} processes)`,
    requests: 0,
    statuses: {},
    lostEvents: null,
    chain: "-",
    problems,
  };
};
