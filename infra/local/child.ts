import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type Child = { name: string; process: ChildProcess; exited: Promise<number | null>; stop: () => Promise<void> };

/**
 * Runs a long-lived part of the stack (web server, worker, mail inbox) in its own process group,
 * so stopping it also stops anything it spawned; its output is prefixed with its name.
 */
export const spawnChild = ({
  name,
  command,
  args,
  env,
  log,
  killAfterMs = 15_000,
}: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** SIGKILL after SIGTERM when the part has not exited by then (longer than its own grace period). */
  killAfterMs?: number;
}): Child => {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on("line", (l) => log(`[${name}] ${l}`));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), killAfterMs);
    await exited;
    clearTimeout(timer);
  };
  return { name, process: child, exited, stop };
};

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

/** Runs a command to completion; rejects with its output when it fails. */
export const runToEnd = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`)),
    );
  });
