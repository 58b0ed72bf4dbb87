// The cluster under test: one PostgreSQL, the embedded S3 and mail, two web processes and two workers,
// each started with its production role command (package.json's start:web / start:worker / migrate),
// and nginx in front of the web processes.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { runToEnd, spawnChild, type Child } from "../local/child";
import { startMail } from "../local/mail";
import { findFreePort, waitForHttp } from "../local/ports";
import { startPostgres } from "../local/postgres";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "../local/s3";
import { startNginx } from "./nginx";

const root = path.resolve(import.meta.dirname, "../..");
const scripts = (
  JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** A package.json script as an argv (`node …`), run without npm in between so its pid is the process's. */
export const roleCommand = (script: "start:web" | "start:worker" | "migrate") => {
  // "exec node …": npm's shell becomes node, so the signals npm forwards reach it.
  const [node, ...args] = scripts[script]!.replace(/^exec /, "").split(" ");
  if (node !== "node") throw new Error(`package.json's ${script} no longer starts with node`);
  return { command: process.execPath, args: args.map((a) => (a.endsWith(".ts") ? path.join(root, a) : a)) };
};

export type Replica = {
  name: string;
  port?: number;
  child: () => Child;
  start: () => Promise<void>;
  /** SIGTERM, and the exit code. */
  term: () => Promise<number | null>;
  kill9: () => Promise<void>;
  /** What the process printed (at LOG_LEVEL warn: its warnings and errors), for a failure's report. */
  lines: string[];
  /** "alive", or how it ended, with its last lines: why a scenario that depends on it failed. */
  describe: () => string;
};

const replica = (name: string, role: "start:web" | "start:worker", env: () => NodeJS.ProcessEnv, port?: number) => {
  let child: Child | undefined;
  const lines: string[] = [];
  const r: Replica = {
    name,
    port,
    lines,
    describe: () => {
      const code = child?.process.exitCode ?? child?.process.signalCode;
      const state = !child ? "not started" : code === null ? "alive" : `exited (${code})`;
      return `${name} ${state}${lines.length ? `; last lines: ${lines.slice(-3).join(" | ").slice(0, 600)}` : ""}`;
    },
    child: () => child!,
    start: async () => {
      const { command, args } = roleCommand(role);
      child = spawnChild({
        name,
        command,
        args,
        env: { ...env(), ...(port ? { PORT: String(port), HOST: "127.0.0.1" } : {}), SERVICE_NAME: name },
        log: (l) => void lines.push(l),
        killAfterMs: 30_000,
      });
      if (port)
        await waitForHttp(`http://127.0.0.1:${port}/api/health/live`, 60_000, () => child!.process.exitCode !== null);
      else await new Promise((res) => setTimeout(res, 3000));
    },
    term: async () => {
      child!.process.kill("SIGTERM");
      return child!.exited;
    },
    kill9: async () => {
      child!.process.kill("SIGKILL");
      await child!.exited;
    },
  };
  return r;
};

/** The postgres processes serving `dir` (the postmaster and its backends), for SIGSTOP/SIGKILL. */
export const postgresPids = (dir: string) => {
  const postmaster = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" })
    .split("\n")
    .map((s) => Number(s.trim()))
    .filter(Boolean);
  return [postmaster, ...children];
};

/**
 * Sends `signal` to the postmaster and the backends `postgresPids` listed. A backend that ended in
 * between (a connection closed) needs no signal; a postmaster that is gone is an error.
 */
export const signalPostgres = (pids: number[], signal: NodeJS.Signals) => {
  for (const [i, pid] of pids.entries())
    try {
      process.kill(pid, signal);
    } catch (e) {
      if (i === 0 || (e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
    }
};

export const startCluster = async (dir: string, log: (l: string) => void) => {
  const free = async () => findFreePort();
  const [pgPort, s3Port, smtpPort, mailWebPort, lbPort, web1, web2] = [
    await free(),
    await free(),
    await free(),
    await free(),
    await free(),
    await free(),
    await free(),
  ];
  const lbUrl = `http://127.0.0.1:${lbPort}`;
  const pgDir = path.join(dir, "postgres");
  const stops: (() => Promise<unknown>)[] = [];

  let pg = await startPostgres({ dir: pgDir, port: pgPort, log: () => {} });
  const s3 = await startS3({ dir: path.join(dir, "s3"), port: s3Port, bucket: "weights", origin: lbUrl });
  stops.push(s3.stop);
  const mail = await startMail({ dir: path.join(dir, "mail"), smtpPort, webPort: mailWebPort, log: () => {} });
  stops.push(mail.stop);

  const settings: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: pg.url,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: "weights",
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
    S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET,
    S3_FORCE_PATH_STYLE: "true",
    SMTP_URL: mail.smtpUrl,
    MAIL_INBOX_URL: mail.webUrl,
    NEXTAUTH_URL: lbUrl,
    NEXTAUTH_SECRET: "cluster-test-secret-cluster-test-secret",
    LOG_LEVEL: "warn",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DOWNLOAD_RATE_LIMIT_PER_MINUTE: "60",
  };
  const migrate = roleCommand("migrate");
  log((await runToEnd(migrate.command, migrate.args, settings)).trim().split("\n").at(-1) ?? "");

  const webs = [
    replica("web-1", "start:web", () => settings, web1),
    replica("web-2", "start:web", () => settings, web2),
  ];
  const workers = [
    replica("worker-1", "start:worker", () => settings),
    replica("worker-2", "start:worker", () => settings),
  ];
  await Promise.all([...webs, ...workers].map((r) => r.start()));
  const nginx = await startNginx({ dir: path.join(dir, "nginx"), port: lbPort, upstreams: [web1, web2] });

  const stopAll = async () => {
    await nginx.stop();
    await Promise.all([...webs, ...workers].map((r) => r.child()?.stop()));
    for (const s of stops.reverse()) await s().catch(() => {});
    await pg.stop();
  };
  return {
    lbUrl,
    /** nginx's error log (why it answered 502), for the report. */
    nginxErrors: () =>
      (existsSync(path.join(dir, "nginx", "error.log"))
        ? readFileSync(path.join(dir, "nginx", "error.log"), "utf8")
        : ""
      )
        .split("\n")
        .filter(Boolean),
    mailWebUrl: mail.webUrl,
    settings,
    webs,
    workers,
    pgDir,
    /** Stops PostgreSQL hard (SIGKILL to every postgres process), as a crash would. */
    killPostgres: () => {
      signalPostgres(postgresPids(pgDir), "SIGKILL");
    },
    restartPostgres: async () => {
      pg = await startPostgres({ dir: pgDir, port: pgPort, log: () => {} });
    },
    stop: stopAll,
  };
};

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
