import path from "node:path";
import { spawnChild, type Child } from "./child";
import { StackError } from "./stack-error";
import { supervise } from "./supervise";

const host = path.join(import.meta.dirname, "postgres-host.ts");

/** Starts infra/local/postgres-host.ts and resolves once its PostgreSQL accepts connections. */
const startHost = (dir: string, port: number, log: (line: string) => void) =>
  new Promise<{ child: Child; url: string }>((resolve, reject) => {
    const output: string[] = [];
    let ready = false;
    const child = spawnChild({
      name: "postgres",
      command: process.execPath,
      args: ["--import", "tsx", host, dir, String(port)],
      env: process.env,
      // PostgreSQL finishes its checkpoint within this on a stop; it is stopped last anyway.
      killAfterMs: 20_000,
      log: (line) => {
        const m = /^\[postgres\] READY (\S+)$/.exec(line);
        if (m && !ready) {
          ready = true;
          return resolve({ child, url: m[1]! });
        }
        output.push(line.replace(/^\[postgres\] /, ""));
        if (ready) log(line);
      },
    });
    void child.exited.then((code) => {
      if (!ready) reject(new StackError(output.join("\n") || `The embedded PostgreSQL exited with code ${code}.`));
    });
  });

/** The embedded PostgreSQL, restarted (crash recovery) when it dies; `onGiveUp` when it cannot be. */
export const startSupervisedPostgres = async ({
  dir,
  port,
  log,
  onGiveUp,
}: {
  dir: string;
  port: number;
  log: (line: string) => void;
  onGiveUp: (reason: string) => void;
}) => {
  const first = await startHost(dir, port, log);
  const supervisor = supervise({
    name: "PostgreSQL",
    first: first.child,
    start: async () => (await startHost(dir, port, log)).child,
    log,
    onGiveUp,
    maxFailedStarts: 3,
  });
  return { url: first.url, stop: supervisor.stop };
};
