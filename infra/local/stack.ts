import { randomBytes } from "node:crypto";
import path from "node:path";
import { runPrisma } from "../../prisma/prisma-cli";
import { grantAppRole, roleOfUrl } from "./app-role";
import { spawnChild, runToEnd } from "./child";
import { readOrCreateCheckpointKey } from "./checkpoint-key";
import { lockDownDataDir, readOrCreateFile, shareWithPostgres } from "./data-dir";
import { ensureLocalAppRole } from "./local-roles";
import { startMail } from "./mail";
import { assertPortFree, waitForHttp } from "./ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "./s3";
import { supervise } from "./supervise";
import { startSupervisedPostgres } from "./supervise-postgres";

export type StackOptions = {
  port: number;
  dataDir: string;
  /** Environment the stack starts from; whatever it configures is used instead of an embedded part. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Embedded service ports; by default PORT+1 … PORT+4. */
  ports?: Partial<Record<"pg" | "s3" | "smtp" | "mailWeb", number>>;
  web?: boolean;
  worker?: boolean;
  /** The edit-and-reload loop: `next dev` for the web app, the worker restarted when a file it loads changes. */
  dev?: boolean;
  log?: (line: string) => void;
  /** A part that cannot be kept running (PostgreSQL that does not start again): the stack must exit. */
  onFatal?: (reason: string) => void;
};

export type Stack = {
  env: NodeJS.ProcessEnv;
  appUrl: string;
  mailWebUrl?: string;
  s3Endpoint?: string;
  embedded: string[];
  stop: () => Promise<void>;
};

const root = path.resolve(import.meta.dirname, "../..");
const tsxNode = (script: string) => ["--conditions=react-server", "--import", "tsx", path.join(root, script)];

/** Starts every part the environment does not configure, migrates, seeds, then the web app and worker. */
export const startStack = async (options: StackOptions): Promise<Stack> => {
  const { port, web = true, worker = true, dev = false, log = console.log } = options;
  const onFatal = options.onFatal ?? ((reason: string) => log(`fatal: ${reason}`));
  const dataDir = path.resolve(options.dataDir);
  const base = options.baseEnv ?? process.env;
  const ports = {
    pg: options.ports?.pg ?? port + 1,
    s3: options.ports?.s3 ?? port + 2,
    smtp: options.ports?.smtp ?? port + 3,
    mailWeb: options.ports?.mailWeb ?? port + 4,
  };
  const pgDir = path.join(dataDir, "postgres");
  lockDownDataDir(dataDir, [pgDir]);

  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e) => log(`stop: ${String(e)}`));
    stoppers.length = 0;
  };
  const embedded: string[] = [];
  const appUrl = base.NEXTAUTH_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...base,
    PORT: String(port),
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: base.NEXTAUTH_SECRET || readOrCreateSecret(dataDir),
    FINGERPRINT_KEY: base.FINGERPRINT_KEY || readOrCreateFingerprintKey(dataDir),
    // The network is often closed, and nothing should phone home from a self-hosted registry.
    NEXT_TELEMETRY_DISABLED: base.NEXT_TELEMETRY_DISABLED ?? "1",
    AUDIT_CHECKPOINT_KEY: base.AUDIT_CHECKPOINT_KEY || readOrCreateCheckpointKey(dataDir),
    // The SDK version is pinned in the lockfile (docs/ARCHITECTURE.md); its Node 22 notice is only noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: base.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? "true",
  };

  try {
    if (web) await assertPortFree(port, "web app", "PORT");
    let mailWebUrl: string | undefined;
    let s3Endpoint = base.S3_ENDPOINT;
    if (!base.DATABASE_URL) {
      await assertPortFree(ports.pg, "embedded PostgreSQL", "PG_PORT");
      shareWithPostgres(dataDir, pgDir);
      const pg = await startSupervisedPostgres({ dir: pgDir, port: ports.pg, log, onGiveUp: onFatal });
      stoppers.push(pg.stop);
      // Migrations run as the owner; the app and the worker as the least-privilege role.
      env.MIGRATION_DATABASE_URL = pg.url;
      env.DATABASE_URL = await ensureLocalAppRole(dataDir, pg.url);
      embedded.push(`PostgreSQL  ${pg.url.replace(/:[^:@/]+@/, ":***@")}`);
      env.SEED_DEMO ??= "true";
    }
    if (!base.S3_BUCKET) {
      await assertPortFree(ports.s3, "embedded S3", "S3_PORT");
      const s3 = await startS3({
        dir: path.join(dataDir, "s3"),
        port: ports.s3,
        bucket: "weights",
        origin: new URL(appUrl).origin,
      });
      stoppers.push(s3.stop);
      s3Endpoint = s3.endpoint;
      Object.assign(env, {
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: "weights",
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
        S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET,
        S3_FORCE_PATH_STYLE: "true",
      });
      embedded.push(`S3 (s3rver) ${s3.endpoint}  bucket "weights"`);
    }
    if (!base.SMTP_URL) {
      await assertPortFree(ports.smtp, "embedded SMTP", "SMTP_PORT");
      await assertPortFree(ports.mailWeb, "mail inbox", "MAIL_WEB_PORT");
      const mail = await startMail({
        dir: path.join(dataDir, "mail"),
        smtpPort: ports.smtp,
        webPort: ports.mailWeb,
        log,
      });
      stoppers.push(mail.stop);
      env.SMTP_URL = mail.smtpUrl;
      env.MAIL_INBOX_URL ??= mail.webUrl;
      mailWebUrl = mail.webUrl;
      embedded.push(`Mail inbox  ${mail.webUrl}  (SMTP ${mail.smtpUrl})`);
    }

    await runPrisma(["migrate", "deploy"], env.MIGRATION_DATABASE_URL || (env.DATABASE_URL as string));
    if (env.MIGRATION_DATABASE_URL)
      await grantAppRole({ ownerUrl: env.MIGRATION_DATABASE_URL, appRole: roleOfUrl(env.DATABASE_URL as string) });
    // The owner's credentials stay in this process: the seed, the worker and the web app get the app role's only.
    const { MIGRATION_DATABASE_URL: _owner, ...appEnv } = env;
    if (env.SEED_DEMO === "true") log((await runToEnd(process.execPath, tsxNode("prisma/seed.ts"), appEnv)).trim());

    // Web and worker are the production role commands (infra/roles), restarted with backoff when they die.
    const role = (name: "web" | "worker", script: string) => () =>
      spawnChild({
        name,
        command: process.execPath,
        args: [
          ...(name === "worker" ? ["--conditions=react-server"] : []),
          ...(dev && name === "worker" ? ["--watch"] : []),
          "--import",
          "tsx",
          path.join(root, script),
          ...(dev && name === "web" ? ["--dev"] : []),
        ],
        env: {
          ...appEnv,
          NODE_ENV: dev ? "development" : name === "web" ? "production" : (base.NODE_ENV ?? "production"),
          SERVICE_NAME: name,
          // Their output reaches a terminal through this process: readable lines there, JSON otherwise.
          LOG_FORMAT: base.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
          ...(name === "web" ? { HOST: base.HOST ?? "127.0.0.1" } : {}),
        },
        log,
        killAfterMs: (Number(env.SHUTDOWN_GRACE_SECONDS) || 10) * 1000 + 5_000,
      });
    const parts: { stop: () => Promise<void> }[] = [];
    // Web and worker stop together, before mail, S3 and PostgreSQL (stoppers run last-in first-out).
    stoppers.push(async () => void (await Promise.all(parts.map((p) => p.stop()))));
    if (worker) {
      const start = role("worker", "infra/roles/worker.ts");
      parts.push(supervise({ name: "worker", first: start(), start: async () => start(), log, onGiveUp: onFatal }));
    }
    if (web) {
      const start = role("web", "infra/roles/web.ts");
      const first = start();
      parts.push(supervise({ name: "web", first, start: async () => start(), log, onGiveUp: onFatal }));
      await waitForHttp(`http://127.0.0.1:${port}/api/health/live`, 60_000, () => first.process.exitCode !== null);
    }
    return { env, appUrl, mailWebUrl, s3Endpoint, embedded, stop };
  } catch (e) {
    await stop();
    throw e;
  }
};

/** FINGERPRINT_KEY for the embedded stack: random once, kept in the data dir (mode 600) so copies stay traceable. */
export const readOrCreateFingerprintKey = (dataDir: string) =>
  readOrCreateFile(path.join(dataDir, "fingerprint.key"), () => randomBytes(32).toString("base64"));

/** NEXTAUTH_SECRET for the embedded stack: random once, kept in the data dir so sessions survive restarts. */
const readOrCreateSecret = (dataDir: string) =>
  readOrCreateFile(path.join(dataDir, "secret.key"), () => randomBytes(32).toString("base64url"));
