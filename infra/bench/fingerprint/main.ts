// npm run bench:fingerprint [-- --quick]: the worker's cost of one grantee's marked copy of a GiB of
// weights against a server-side copy (CopyObject) of the same bytes in the same store, goal ≤ 2×;
// and trace time per GiB. The copy runs the worker's own code (lib/domain/fingerprint/mark-stored-file.ts:
// header and marked region by ranged GETs, the rest UploadPartCopy) against s3rver with the embedded
// stack's patches, on a free port in a throwaway dir; no database. Ratios, not tests: it never fails on timing.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { CopyObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { writeSafetensors } from "@/lib/fingerprint/attacks";
import { scoreGrants } from "@/lib/fingerprint/detect";
import { MARK_REGION_BYTES } from "@/lib/fingerprint/mark-region";
import { matchRegion, memoryReader } from "@/lib/fingerprint/match-tensors";
import type { WeightTensor } from "@/lib/fingerprint/weight-file";
import { findFreePort } from "../../local/ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "../../local/s3";

const quick = process.argv.includes("--quick");
const totalBytes = quick ? 128 * 2 ** 20 : 2 ** 30;
const tensorBytes = 64 * 2 ** 20;
const log = (line: string) => console.log(line);
const dir = mkdtempSync(path.join(os.tmpdir(), "bench-fingerprint-"));
const port = await findFreePort();
const Bucket = "weights";
const s3 = await startS3({ dir, port, bucket: Bucket, origin: "http://localhost" });
// The app's storage modules read their settings from the environment: this store, and placeholders
// for what they never touch here.
Object.assign(process.env, {
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: Bucket,
  S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
  S3_SECRET_ACCESS_KEY: LOCAL_S3_SECRET,
  S3_FORCE_PATH_STYLE: "true",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgres://unused@127.0.0.1:1/unused",
  SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:1",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? "http://localhost:3000",
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "x".repeat(32),
});
const { markStoredFile } = await import("@/lib/domain/fingerprint/mark-stored-file");
const { readStoredRanges, storedSafetensorsSlots } = await import("@/lib/domain/fingerprint/stored-weights");
const { markRegion } = await import("@/lib/fingerprint/mark-region");
const { storedObjectSize } = await import("@/lib/storage/multipart");

const client = new S3Client({
  endpoint: s3.endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: LOCAL_S3_KEY, secretAccessKey: LOCAL_S3_SECRET },
});
const put = (Key: string, Body: Uint8Array) =>
  new Upload({ client, params: { Bucket, Key, Body }, partSize: 16 * 2 ** 20, queueSize: 4 }).done();
const get = async (Key: string) =>
  (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray() as Promise<Uint8Array>;
const sha256Of = async (Key: string) => {
  const hash = createHash("sha256");
  for await (const chunk of (await client.send(new GetObjectCommand({ Bucket, Key }))).Body as Readable)
    hash.update(chunk as Buffer);
  return hash.digest("hex");
};
const time = async <T>(f: () => Promise<T>) => {
  const t = performance.now();
  const value = await f();
  return { value, s: (performance.now() - t) / 1000 };
};

try {
  log(
    `bench:fingerprint — ${(totalBytes / 2 ** 30).toFixed(3)} GiB of F32 safetensors, ${os.cpus().length} CPUs, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const tensors: WeightTensor[] = [];
  for (let i = 0; i < totalBytes / tensorBytes; i++) {
    const n = tensorBytes / 4;
    const values = new Float32Array(n);
    for (let j = 0; j < n; j++) values[j] = (Math.random() - 0.5) * 0.1;
    tensors.push({ name: `layers.${i}.weight`, dtype: "F32", shape: [n / 4096, 4096], values });
  }
  let original: Uint8Array | null = writeSafetensors(tensors);
  tensors.length = 0;
  const sourceKey = "models/bench/original.safetensors";
  await put(sourceKey, original);
  const gb = original.byteLength / 2 ** 30;
  original = null;
  log(
    `stored ${(gb * 1024).toFixed(0)} MiB; each copy marks its last ${MARK_REGION_BYTES / 2 ** 20} MiB of tensor data`,
  );

  const copy = await time(() =>
    client.send(new CopyObjectCommand({ Bucket, Key: "copy.safetensors", CopySource: `${Bucket}/${sourceKey}` })),
  );
  log(`server-side copy (CopyObject): ${copy.s.toFixed(2)} s (${(copy.s / gb).toFixed(2)} s/GiB)`);

  const key = randomBytes(32);
  const file = { id: "f", path: "original.safetensors", storageKey: sourceKey, kind: "safetensors" as const };
  const mark = (grant: string) => time(() => markStoredFile(file, () => null, key, grant));
  const first = await mark("bench-grant-1");
  log(
    `first copy of the file (also hashes its unchanged prefix once, kept for later copies): ${first.s.toFixed(2)} s (${(first.s / gb).toFixed(2)} s/GiB)`,
  );
  const next = await mark("bench-grant-2");
  const made = next.value.get("f")!;
  log(`each further grantee's copy: ${next.s.toFixed(2)} s (${(next.s / gb).toFixed(2)} s/GiB)`);
  const checked = await sha256Of(made.storageKey);
  log(`check: the stored copy's sha256 ${checked === made.sha256 ? "matches" : "DOES NOT match"} the one recorded`);

  const suspectBytes = await get(made.storageKey);
  const trace = await time(async () => {
    createHash("sha256").update(suspectBytes).digest("hex");
    const size = (await storedObjectSize(sourceKey))!;
    const region = await readStoredRanges(sourceKey, size, markRegion(await storedSafetensorsSlots(sourceKey, size)));
    const pairs = matchRegion(region, memoryReader(suspectBytes));
    return { pairs, scores: scoreGrants(key, ["bench-grant-2"], pairs) };
  });
  const perGrant = await time(async () => scoreGrants(key, ["other-grant"], trace.value.pairs));
  log(
    `trace (sha256 of the suspect, original's header and region by ranged GETs, decode, score 1 grant): ${trace.s.toFixed(2)} s per ${gb.toFixed(3)} GiB = ${(trace.s / gb).toFixed(2)} s/GiB (z = ${trace.value.scores[0]!.z.toFixed(0)}); each further grant searched adds ${(perGrant.s * 1000).toFixed(0)} ms per file`,
  );
  const ratioFirst = first.s / copy.s;
  const ratio = next.s / copy.s;
  log(`first copy vs CopyObject: ${ratioFirst.toFixed(2)}`);
  log(
    `goal fingerprint-vs-copy (each grantee's copy): ${ratio.toFixed(2)} (target <= 2) ${ratio <= 2 ? "met" : "NOT met"}`,
  );
} finally {
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
}
