import { isAppError } from "@/lib/errors";
import { StackError } from "../local/stack-error";
import { connect, type Connection } from "./connect";

export type OpsContext = {
  /** The command's result, on stdout. */
  say: (line: string) => void;
  /** Notes and warnings, on stderr (stdout stays clean for piping, e.g. a token). */
  note: (line: string) => void;
  /** Starts the pg-boss client (mail goes into its tables in the change's transaction); stopped at the end. */
  useQueue: () => Promise<void>;
};

export type OpsCommand<A> = { run: (ctx: OpsContext, args: A) => Promise<number | void> };

/** `2026-12-01 14:03 UTC`: unambiguous for whoever reads it in a terminal. */
export const formatInstant = (d: Date | null) =>
  d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "no expiry";

/**
 * Runs one command: connect, then (env set) load the command and its lib modules, run it, close
 * everything and exit with its code: 0 done, 1 refused or failed (the reason on stderr).
 * Usage errors (exit 2) never get here: commander reports them.
 */
export const runCommand = async <A>(load: () => Promise<OpsCommand<A>>, args: A) => {
  // Library code that logs with console.log must not mix into stdout.
  console.log = console.error;
  const closers: (() => Promise<unknown>)[] = [];
  let connection: Connection | undefined;
  let code = 1;
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    closers.length = 0;
    await connection?.close().catch(() => {});
    connection = undefined;
  };
  const interrupted = () => void closeAll().finally(() => process.exit(130));
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);

  try {
    connection = await connect();
    Object.assign(process.env, connection.env);
    if (connection.startedHere) process.stderr.write(`(using ${connection.source})\n`);
    const command = await load();
    const { db } = await import("@/lib/db");
    closers.push(() => db.$disconnect());
    const ctx: OpsContext = {
      say: (line) => void process.stdout.write(`${line}\n`),
      note: (line) => void process.stderr.write(`${line}\n`),
      useQueue: async () => {
        const { getBoss } = await import("@/lib/jobs/queue");
        const boss = await getBoss();
        closers.push(() => boss.stop({ graceful: false, close: true, timeout: 2_000 }));
      },
    };
    code = (await command.run(ctx, args)) ?? 0;
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    code = 1;
  } finally {
    await closeAll();
  }
  process.exit(code);
};

const describeError = (e: unknown) => {
  if (isAppError(e)) {
    const fields = Object.entries(e.fields ?? {}).map(([k, v]) => `\n  ${k}: ${v.join("; ")}`);
    return `error: ${e.userMessage}${fields.join("")}`;
  }
  if (e instanceof StackError) return `error: ${e.message}`;
  const message = e instanceof Error ? e.message : String(e);
  // lib/env has printed the full list of problems already.
  if (message.startsWith("Invalid configuration:")) return "error: the configuration is not valid (see above).";
  if (/ECONNREFUSED|ENOTFOUND|password authentication failed|Can't reach database/i.test(message))
    return `error: cannot reach the database (${message.split("\n")[0]}). Check DATABASE_URL, or that the embedded stack's data dir is the right one.`;
  return `error: ${message}`;
};
