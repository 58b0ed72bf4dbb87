// The verify job's benchmark: on a throwaway embedded stack, the real worker process
// verifies a 1 GiB object (and a smaller one) while this script times the job and samples the
// worker's resident memory; the baseline is `curl -s <presigned URL> | openssl dgst -sha256` on
// the same object, interleaved run by run so machine noise hits both alike. Prints ratios, never fails on timing.
//   node --conditions=react-server --import tsx infra/bench/uploads/verify.ts [--size-mib 1024] [--small-mib 128] [--runs 3]
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { spawnChild, type Child } from "../../local/child";
import { findFreePort } from "../../local/ports";
import { startStack, type Stack } from "../../local/stack";
import { median } from "../stats";
import { MiB, mbps, mib, putRandomObject, readRss, sampleRss, timeCurlOpenssl } from "./verify-parts";

const whole = (min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`a whole number >= ${min}`);
  return n;
};
const opts = new Command("bench:uploads-verify")
  .option("--size-mib <N>", "size of the large object, MiB", whole(1), 1024)
  .option("--small-mib <N>", "size of the small object (memory must not grow with size), MiB", whole(1), 128)
  .option("--runs <N>", "timed runs of each side", whole(1), 3)
  .parse()
  .opts<{ sizeMib: number; smallMib: number; runs: number }>();

const log = (line: string) => console.log(line);
const root = path.resolve(import.meta.dirname, "../../..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "registry-bench-verify-"));
let stack: Stack | undefined;
let worker: Child | undefined;
let disconnect: (() => Promise<void>) | undefined;
const cleanup = async () => {
  await worker?.stop().catch(() => {});
  await disconnect?.().catch(() => {});
  await stack?.stop().catch((e) => log(`stopping the stack: ${String(e)}`));
  rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  log(
    `Verify benchmark: ${opts.sizeMib} MiB and ${opts.smallMib} MiB objects, ${opts.runs} runs each, ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const [port, pg, s3, smtp, mailWeb] = await Promise.all(Array.from({ length: 5 }, findFreePort));
  // Its own embedded PostgreSQL and S3 whatever the caller's environment says; no mail is sent.
  const {
    DATABASE_URL: _d,
    S3_BUCKET: _b,
    S3_ENDPOINT: _e,
    S3_ACCESS_KEY_ID: _k,
    S3_SECRET_ACCESS_KEY: _s,
    SMTP_URL: _m,
    ...base
  } = process.env;
  stack = await startStack({
    port: port as number,
    dataDir,
    ports: { pg, s3, smtp, mailWeb },
    baseEnv: { ...base, SEED_DEMO: "false", NODE_ENV: "production", LOG_LEVEL: "warn", SMTP_URL: "smtp://127.0.0.1:9" },
    web: false,
    worker: false,
    log: () => {},
  });
  // lib/env validates at import: the environment must be in place before any lib module loads.
  Object.assign(process.env, stack.env);
  const [
    { db },
    { s3: client, bucket },
    { presignGet },
    { enqueueFileVerification },
    { getBoss },
    { createGatedModel, uid },
  ] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/storage/s3-client"),
    import("@/lib/storage/presign-get"),
    import("@/lib/domain/files/enqueue-file-verification"),
    import("@/lib/jobs/queue"),
    import("@/lib/testing/factories"),
  ]);
  disconnect = async () => {
    await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
    await db.$disconnect();
  };

  log("\nStoring the objects (multipart, streamed)");
  const model = await createGatedModel({ gating: "OPEN" });
  const version = await db.modelVersion.create({ data: { modelId: model.id, name: "v1", commitSha: "0".repeat(40) } });
  const files: { label: string; id: string; key: string; size: number; sha256: string }[] = [];
  for (const [label, sizeMib] of [
    ["large", opts.sizeMib],
    ["small", opts.smallMib],
  ] as const) {
    const size = sizeMib * MiB;
    const key = `bench/${uid()}/${label}.bin`;
    const t = performance.now();
    const sha256 = await putRandomObject({ s3: client, bucket, key, size });
    log(`  ${label}: ${mib(size)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const row = await db.modelFile.create({
      data: {
        versionId: version.id,
        path: `${label}.bin`,
        size: BigInt(size),
        declaredSha256: sha256,
        storageKey: key,
        status: "FAILED",
      },
    });
    files.push({ label, id: row.id, key, size, sha256 });
  }

  worker = spawnChild({
    name: "worker",
    command: process.execPath,
    args: ["--conditions=react-server", "--import", "tsx", path.join(root, "workers/index.ts")],
    env: { ...stack.env, NODE_ENV: "production", LOG_LEVEL: "info" },
    log: (line) => line.includes('"msg":"worker ready"') && (ready = true),
  });
  let ready = false;
  while (!ready) {
    if (worker.process.exitCode !== null) throw new Error("the worker exited at start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = worker.process.pid as number;

  /** One verify job through the real worker: seconds from pick-up to completion, and the worker's peak RSS meanwhile. */
  const verifyOnce = async (file: (typeof files)[number]) => {
    await db.modelFile.update({ where: { id: file.id }, data: { status: "FAILED" } });
    const stop = sampleRss(pid, 50);
    const { jobId } = await db.$transaction((tx) => enqueueFileVerification(tx, file.id));
    for (;;) {
      const [job] = await db.$queryRaw<{ state: string; secs: number | null }[]>`
        SELECT state::text, EXTRACT(epoch FROM completed_on - started_on)::float8 AS secs FROM pgboss.job WHERE id = ${jobId}::uuid`;
      if (job?.state === "completed" && job.secs !== null) {
        const peak = stop();
        const row = await db.modelFile.findUniqueOrThrow({
          where: { id: file.id },
          select: { status: true, sha256: true },
        });
        if (row.status !== "READY" || row.sha256 !== file.sha256)
          throw new Error(`verify gave ${row.status} ${row.sha256}`);
        return { seconds: job.secs, peak };
      }
      if (job && job.state !== "created" && job.state !== "active" && job.state !== "retry")
        throw new Error(`job ${job.state}`);
      // Slow polling on purpose: s3rver serves from this process, and the time comes from the job row anyway.
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const curlOnce = async (file: (typeof files)[number]) => {
    const { url } = await presignGet({ key: file.key, fileName: `${file.label}.bin`, ttlSeconds: 3600 });
    const result = await timeCurlOpenssl(url);
    if (result.sha256 !== file.sha256) throw new Error("curl | openssl printed another sha256");
    return result.seconds;
  };

  const small = files.find((f) => f.label === "small") as (typeof files)[number];
  await verifyOnce(small); // warm-up: first job, connections, JIT
  const idle = readRss(pid).rss;
  log(`\nWorker idle RSS after a warm-up job: ${mib(idle)}`);
  const results = [];
  for (const file of files) {
    const verify: number[] = [];
    const curl: number[] = [];
    let peak = 0;
    for (let r = 0; r < opts.runs; r++) {
      const v = await verifyOnce(file);
      verify.push(v.seconds);
      peak = Math.max(peak, v.peak);
      curl.push(await curlOnce(file));
      log(
        `  ${file.label} run ${r + 1}: verify job ${v.seconds.toFixed(2)} s (${mbps(file.size, v.seconds)}), curl | openssl ${curl.at(-1)?.toFixed(2)} s, worker peak RSS ${mib(v.peak)}`,
      );
    }
    // Each run's ratio against the baseline run next to it: load that drifts over minutes cancels out.
    const paired = median(verify.map((v, i) => (curl[i] as number) / v));
    results.push({ file, verify: median(verify), curl: median(curl), paired, peak });
  }

  log("\nResults (medians)");
  log(
    "  object     verify job          curl | openssl      ratio of medians   median of paired ratios   worker peak RSS",
  );
  for (const r of results)
    log(
      `  ${mib(r.file.size).padEnd(10)} ${`${r.verify.toFixed(2)} s ${mbps(r.file.size, r.verify)}`.padEnd(19)} ${`${r.curl.toFixed(2)} s ${mbps(r.file.size, r.curl)}`.padEnd(19)} ${(r.curl / r.verify).toFixed(2).padEnd(18)} ${r.paired.toFixed(2).padEnd(25)} ${mib(r.peak)}`,
    );
  log("  (ratio = verify throughput / curl | openssl throughput; goal >= 0.9)");
  const [large, smaller] = results;
  if (large && smaller)
    log(
      `  Memory: peak ${mib(large.peak)} verifying ${mib(large.file.size)} vs ${mib(smaller.peak)} verifying ${mib(smaller.file.size)} (idle ${mib(idle)}): ${mib(large.peak - smaller.peak)} more for ${(large.file.size / smaller.file.size).toFixed(0)}x the bytes`,
    );
} finally {
  await cleanup();
}
