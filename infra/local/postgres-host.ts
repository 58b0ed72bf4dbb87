// The embedded PostgreSQL in a process of its own, started by the stack (infra/local/supervise-postgres.ts)
// in its own process group: a terminal's Ctrl-C reaches `npm start` but not the database, which is
// stopped last, after web and worker. Prints one READY line with the URL; exits 0 when stopped by
// SIGTERM/SIGINT, non-zero when PostgreSQL itself exits (the stack then restarts this process).
import type { ChildProcess } from "node:child_process";
import { startPostgres } from "./postgres";
import { StackError } from "./stack-error";

const dir = process.argv[2];
const port = Number(process.argv[3]);

const main = async () => {
  if (!dir || !port) throw new StackError("usage: postgres-host.ts DIR PORT");
  const pg = await startPostgres({ dir, port, log: () => {} });
  console.log(`READY ${pg.url}`);
  const server = pg.process as ChildProcess | undefined;
  let stopping = false;
  server?.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`PostgreSQL exited on its own (${signal ? `signal ${signal}` : `code ${code}`})`);
    process.exit(3);
  });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof StackError ? 2 : 1);
});
