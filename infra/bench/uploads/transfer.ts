// Figure 1 of bench:uploads: the same file uploaded through the presigned multipart path (the code of
// `weights push`: start on the portal, 8 MiB parts PUT straight to the store 4 at a time, each recorded
// on the portal, completion) against a direct SDK multipart upload (@aws-sdk/lib-storage, same part
// size, queueSize 4) to the same bucket; rounds alternate which goes first. Each round's object and
// file row are removed afterwards, so the disk holds one copy at a time.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import path from "node:path";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createUploadApi } from "@/lib/cli/upload-api";
import { uploadParts } from "@/lib/cli/upload-parts";
import { createPool } from "@/lib/cli/upload-pool";
import { MIN_PART_SIZE } from "@/lib/common/plan-parts";
import type { UploadWorld } from "./seed";

export type Timed = { ms: number; bytes: number };
export type Pair = { a: Timed[]; b: Timed[] };

/** `warmup` untimed runs of each, then `rounds` rounds of (a, b), alternating which goes first. */
export const alternate = async (
  a: () => Promise<Timed>,
  b: () => Promise<Timed>,
  { rounds, warmup = 1 }: { rounds: number; warmup?: number },
): Promise<Pair> => {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const out: Pair = { a: [], b: [] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      out.b.push(await b());
      out.a.push(await a());
    } else {
      out.a.push(await a());
      out.b.push(await b());
    }
  }
  return out;
};

/** Bytes per second over all timed runs. */
export const rate = (ts: Timed[]) => ts.reduce((s, t) => s + t.bytes, 0) / (ts.reduce((s, t) => s + t.ms, 0) / 1000);
export const mbps = (bytesPerSecond: number) => `${(bytesPerSecond / 1e6).toFixed(0)} MB/s`;
export const msList = (ts: Timed[]) => ts.map((t) => `${(t.ms / 1000).toFixed(2)} s`).join(", ");

export type LocalFile = { file: string; size: number; sha256: string };

/** One upload through the push code into the DRAFT version at `path`; resolves when completed (VERIFYING). */
export const pushUpload = async ({
  appUrl,
  world,
  local,
  path,
}: {
  appUrl: string;
  world: UploadWorld;
  local: LocalFile;
  path: string;
}) => {
  const api = createUploadApi({ portal: appUrl, token: world.token }, world);
  const { upload } = await api.start({ path, size: local.size, sha256: local.sha256 });
  if (upload.partSize !== MIN_PART_SIZE)
    throw new Error(`expected ${MIN_PART_SIZE}-byte parts, the portal planned ${upload.partSize}`);
  await uploadParts({ api, pool: createPool(4), file: local.file, upload });
  return { api, upload };
};

export const measureUploads = async ({
  appUrl,
  world,
  local,
  warmupLocal,
  rounds,
}: {
  appUrl: string;
  world: UploadWorld;
  local: LocalFile;
  warmupLocal: LocalFile;
  rounds: number;
}) => {
  const [{ s3, bucket }, { db }] = await Promise.all([import("@/lib/storage/s3-client"), import("@/lib/db")]);
  let n = 0;
  let warm = true;
  const remove = (key: string) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  const viaPush = async (): Promise<Timed> => {
    const f = warm ? warmupLocal : local;
    const t = performance.now();
    const { api, upload } = await pushUpload({ appUrl, world, local: f, path: `rounds/push-${++n}.bin` });
    await api.complete(upload.id);
    const ms = performance.now() - t;
    // The round's file leaves the version (its queued verify job will find nothing) and its object the bucket.
    const row = await db.modelFile.delete({ where: { id: upload.fileId }, select: { storageKey: true } });
    await remove(row.storageKey);
    return { ms, bytes: f.size };
  };
  const viaSdk = async (): Promise<Timed> => {
    const f = warm ? warmupLocal : local;
    const key = `bench-sdk/round-${++n}.bin`;
    const t = performance.now();
    const body = createReadStream(f.file, { highWaterMark: 1024 * 1024 });
    await new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: "application/octet-stream" },
      partSize: MIN_PART_SIZE,
      queueSize: 4,
    }).done();
    const ms = performance.now() - t;
    await remove(key);
    return { ms, bytes: f.size };
  };
  // Warm-up on a smaller file: JIT, connections and the app's first requests, not the disk.
  await alternate(viaPush, viaSdk, { rounds: 0, warmup: 1 });
  warm = false;
  return alternate(viaPush, viaSdk, { rounds, warmup: 0 });
};

/** The whole `weights push --no-wait` once, as a user runs it (node + tsx start, local sha256, upload, completion). */
export const timeWholeCommand = ({
  root,
  appUrl,
  world,
  local,
  configDir,
}: {
  root: string;
  appUrl: string;
  world: UploadWorld;
  local: LocalFile;
  configDir: string;
}) =>
  new Promise<{ code: number | null; ms: number; out: string }>((resolve) => {
    const begin = performance.now();
    const args = [
      path.join(root, "lib/cli/bin.mjs"),
      "push",
      `${world.slug}@${world.version}`,
      local.file,
      "--as",
      "cli/whole-command.bin",
      "--no-wait",
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, WEIGHTS_PORTAL: appUrl, WEIGHTS_TOKEN: world.token, XDG_CONFIG_HOME: configDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, ms: performance.now() - begin, out }));
  });
