// npm run bench:uploads: the upload path's figures as ratios against baselines measured in the same run; it
// never fails on timing. 1: on a throwaway stack (embedded PostgreSQL, s3rver in its own process so the
// uploaders measured here do not share its event loop, the production web app), a 1 GiB file uploaded
// through the presigned multipart path (the code of `weights push`) vs a direct SDK multipart upload,
// and the whole `weights push` command once. 2 and 3: infra/bench/uploads/verify.ts, run next on a
// stack of its own: the real worker's verify job vs `curl | openssl dgst -sha256` on the same object,
// and the worker's peak memory for two sizes.
// It serves the existing build and never builds: run it as
// `flock /tmp/e2e.lock sh -c 'npm run build && npm run bench:uploads'` so no build replaces .next mid-run.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { sha256File } from "@/lib/cli/download";
import { spawnChild, type Child } from "../../local/child";
import { findFreePort, waitForHttp } from "../../local/ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET } from "../../local/s3";
import { startStack, type Stack } from "../../local/stack";
import {
  benchRoot as root,
  benchSession,
  log,
  machineLine,
  productionStackEnv,
  requireBuild,
  secs,
  staleBuildNote,
  whole,
} from "../bench-kit";
import { fmtRatio } from "../measure";
import { seedUploadWorld, writeRandomFile } from "./seed";
import { mbps, measureUploads, msList, rate, timeWholeCommand, type LocalFile } from "./transfer";

const opts = new Command("bench:uploads")
  .option("--size-mib <N>", "size of the big file, MiB", whole(16), 1024)
  .option("--small-mib <N>", "size of the smaller object for the verify memory comparison, MiB", whole(1), 256)
  .option("--rounds <N>", "timed rounds of each upload, and runs of each side of the verify benchmark", whole(1), 3)
  .option("--no-verify", "skip figures 2 and 3 (infra/bench/uploads/verify.ts)")
  .parse()
  .opts<{ sizeMib: number; smallMib: number; rounds: number; verify: boolean }>();

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
const tsx = (script: string) => ["--conditions=react-server", "--import", "tsx", path.join(root, script)];
const met = (ok: boolean) => (ok ? "met" : "NOT met");

requireBuild("bench:uploads");

const started = performance.now();
const serverLines: string[] = [];
let stack: Stack | undefined;
let s3rver: Child | undefined;
let verifyBench: ChildProcess | undefined;
let disconnectDb: (() => Promise<void>) | undefined;
/** Stops everything figure 1 started; the session then removes its data dir (files and objects). */
const { dataDir, cleanup, interrupted } = benchSession(
  "uploads",
  async () => {
    await disconnectDb?.().catch(() => {});
    await stack?.stop().catch((e) => log(`stopping the stack: ${String(e)}`));
    await s3rver?.stop().catch(() => {});
  },
  (signal) => verifyBench?.kill(signal), // it cleans up its own stack
);

try {
  const cpus = os.cpus();
  log(machineLine("Uploads benchmark", execFileSync("openssl", ["version"]).toString().trim()));
  const stale = staleBuildNote();
  if (stale) log(stale);

  let t = performance.now();
  const [port, pgPort, s3Port] = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
  const appUrl = `http://127.0.0.1:${port}`;
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  s3rver = spawnChild({
    name: "s3rver",
    command: process.execPath,
    args: [...tsx("infra/bench/uploads/s3.ts"), path.join(dataDir, "s3"), String(s3Port), "weights", appUrl],
    env: process.env,
    log: (l) => serverLines.push(l),
  });
  await waitForHttp(s3Endpoint, 30_000, () => s3rver?.process.exitCode !== null);
  const { DATABASE_URL: _db, ...base } = process.env;
  stack = await startStack({
    port,
    dataDir,
    baseEnv: {
      ...productionStackEnv(base, { appUrl }),
      // The store is the bench's own s3rver process: with S3_BUCKET set, the stack starts none.
      ...{
        S3_ENDPOINT: s3Endpoint,
        S3_BUCKET: "weights",
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
        S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET,
        S3_FORCE_PATH_STYLE: "true",
      },
    },
    ports: { pg: pgPort },
    web: true,
    // No worker: the rounds' verify jobs would hash 1 GiB each while the next round runs.
    worker: false,
    log: (line) => serverLines.push(line),
  });
  Object.assign(process.env, stack.env);
  const { db } = await import("@/lib/db");
  disconnectDb = () => db.$disconnect();
  log(
    `Stack up in ${secs(t)}: web ${appUrl} (next start), PostgreSQL, s3rver ${s3Endpoint} (own process); data dir ${dataDir}`,
  );

  t = performance.now();
  const world = await seedUploadWorld();
  const file = async (name: string, size: number): Promise<LocalFile> => {
    const f = path.join(dataDir, name);
    await writeRandomFile(f, size);
    return { file: f, size, sha256: await sha256File(f) };
  };
  const big = await file("big.bin", opts.sizeMib * MIB);
  const warmup = await file("warmup.bin", 64 * MIB);
  const hashStart = performance.now();
  await sha256File(big.file);
  const localHashMs = performance.now() - hashStart;
  log(
    `Seeded ${world.slug}@${world.version} (DRAFT) and an admin with an ADMIN-scope token; random files of ${mib(big.size)} and 64 MiB (warm-up) on disk (${secs(t)})`,
  );

  log(
    `\n1. Upload of the ${mib(big.size)} file: presigned multipart (push code: 8 MiB parts PUT straight to s3rver 4 at a time, each recorded on the portal, then completion) vs @aws-sdk/lib-storage Upload (8 MiB parts, queueSize 4) to the same bucket; one 64 MiB warm-up each, then ${opts.rounds} rounds alternating`,
  );
  t = performance.now();
  const uploads = await measureUploads({ appUrl, world, local: big, warmupLocal: warmup, rounds: opts.rounds });
  const [pushRate, sdkRate] = [rate(uploads.a), rate(uploads.b)];
  log(`  push code: ${msList(uploads.a)} → ${mbps(pushRate)}`);
  log(`  SDK:       ${msList(uploads.b)} → ${mbps(sdkRate)}  (${secs(t)})`);
  log(
    `  push hashes the file first to declare its sha256: ${(localHashMs / 1000).toFixed(2)} s (${mbps(big.size / (localHashMs / 1000))}) before the transfer`,
  );

  t = performance.now();
  const cli = await timeWholeCommand({ root, appUrl, world, local: big, configDir: path.join(dataDir, "cli-config") });
  const sdkSeconds = uploads.b.reduce((s, x) => s + x.ms, 0) / uploads.b.length / 1000;
  log(
    cli.code === 0
      ? `  the whole \`weights push --no-wait\` once (node + tsx start, local sha256, upload, completion): ${(cli.ms / 1000).toFixed(2)} s vs the SDK's ${sdkSeconds.toFixed(2)} s mean upload: ${fmtRatio((sdkSeconds * 1000) / cli.ms)}  (${secs(t)})`
      : `  the whole command failed (exit ${cli.code}): ${cli.out.trim().split("\n").slice(-3).join(" | ")}`,
  );
  const ratio = pushRate / sdkRate;
  log(
    `  → upload through the presigned multipart path vs a direct SDK multipart upload: ${fmtRatio(ratio)} (${mbps(pushRate)} vs ${mbps(sdkRate)}); goal >= 0.8: ${met(ratio >= 0.8)}`,
  );
  const serverErrors = serverLines.filter((l) => /error|warn/i.test(l));
  if (serverErrors.length)
    log(
      `  server output with warnings/errors (${serverErrors.length} lines), first: ${serverErrors.slice(0, 3).join(" | ")}`,
    );
  await cleanup();

  if (opts.verify) {
    log(
      `\n2 and 3. The verify job (real worker) vs curl | openssl dgst -sha256, and the worker's peak memory: infra/bench/uploads/verify.ts --size-mib ${opts.sizeMib} --small-mib ${opts.smallMib} --runs ${opts.rounds}\n`,
    );
    verifyBench = spawn(
      process.execPath,
      [
        ...tsx("infra/bench/uploads/verify.ts"),
        "--size-mib",
        String(opts.sizeMib),
        "--small-mib",
        String(opts.smallMib),
        "--runs",
        String(opts.rounds),
      ],
      { stdio: "inherit" },
    );
    const code = await new Promise<number | null>((r) => verifyBench?.on("close", r));
    if (code !== 0) throw new Error(`infra/bench/uploads/verify.ts exited with ${code}`);
  }
  log(`\nTotal run time ${secs(started)}; load average now ${os.loadavg()[0]?.toFixed(1)} on ${cpus.length} cores`);
} catch (e) {
  process.exitCode = 1;
  if (!interrupted()) console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  if (serverLines.length) console.error(`last server output:\n${serverLines.slice(-20).join("\n")}`);
} finally {
  await cleanup();
}
