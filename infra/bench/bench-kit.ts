// What every `npm run bench:*` script shares: option parsing, the build check, the machine line,
// and a throwaway data dir whose cleanup runs once however the run ends (return, error, Ctrl-C).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { sourceHash } from "../local/ensure-build";

export const benchRoot = path.resolve(import.meta.dirname, "../..");
export const log = (line: string) => console.log(line);
export const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** A commander parser for a whole number of at least `min` (`1_000` allowed). */
export const whole = (min: number) => (v: string) => {
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`a whole number >= ${min}`);
  return n;
};

/** Benches serve the production build and never build it (builds on a shared machine take a lock). */
export const requireBuild = (name: string) => {
  if (existsSync(path.join(benchRoot, ".next", "BUILD_ID"))) return;
  console.error(
    `${name} needs the production build and does not build it itself (builds on this machine share a lock).\nBuild first: flock /tmp/e2e.lock npm run build`,
  );
  process.exit(1);
};

/** A note when the build predates the checked-out sources: the figures are then for the built code. */
export const staleBuildNote = () => {
  const stamp = path.join(benchRoot, ".next", "source-hash.txt");
  return existsSync(stamp) && readFileSync(stamp, "utf8") === sourceHash()
    ? null
    : "Note: the build is older than the checked-out sources; the figures are for the built code (rebuild: flock /tmp/e2e.lock npm run build).";
};

/**
 * The environment of a production-like bench stack on top of `base` (the caller's environment, less what
 * the bench replaces): the production build, no demo catalog unless asked, quiet logs, and a dead SMTP
 * port (no bench reads mail; a stray send fails at once rather than waiting on a server).
 */
export const productionStackEnv = (
  base: Record<string, string | undefined>,
  opts: { appUrl?: string; seedDemo?: boolean; logLevel?: "warn" | "silent" } = {},
): NodeJS.ProcessEnv => ({
  ...base,
  SEED_DEMO: opts.seedDemo ? "true" : "false",
  NODE_ENV: "production",
  LOG_LEVEL: opts.logLevel ?? "warn",
  SMTP_URL: "smtp://127.0.0.1:9",
  ...(opts.appUrl === undefined ? {} : { NEXTAUTH_URL: opts.appUrl }),
});

/** "<title> on N cores (CPU model), Node vX, <extra…>, load average L". */
export const machineLine = (title: string, ...extra: string[]) => {
  const cpus = os.cpus();
  return [
    `${title} on ${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"})`,
    `Node ${process.version}`,
    ...extra,
    `load average ${os.loadavg()[0]?.toFixed(1)}`,
  ].join(", ");
};

/**
 * A throwaway data dir, and `cleanup`: `stop` (what the run started), then the dir removed; once,
 * whether the run returns, fails, or gets SIGINT/SIGTERM (then it exits 130 afterwards).
 * `onSignal` passes the signal on (to a child bench with a stack of its own); `interrupted()` tells
 * the run not to report the errors an interruption causes.
 */
export const benchSession = (name: string, stop: () => Promise<void>, onSignal?: (signal: NodeJS.Signals) => void) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `registry-bench-${name}-`));
  let cleaning: Promise<void> | undefined;
  let interrupted = false;
  const cleanup = () =>
    (cleaning ??= stop()
      .catch((e: unknown) => log(`stopping: ${String(e)}`))
      .finally(() => rmSync(dataDir, { recursive: true, force: true })));
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`\n${signal}: stopping the benchmark and removing ${dataDir}`);
      onSignal?.(signal);
      void cleanup().finally(() => process.exit(130));
    });
  return { dataDir, cleanup, interrupted: () => interrupted };
};
