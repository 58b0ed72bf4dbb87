// npm run bench:fingerprint [-- --quick]: the worker's cost of one grantee's marked copy of a GB of
// weights (read from the store, mark, write back) against a server-side copy (CopyObject) of the same
// bytes in the same store, goal ≤ 2×; and trace time per GB (read suspect and original, correlate).
// Runs s3rver on a free port in a throwaway dir; no database. Ratios, not tests: it never fails on timing.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CopyObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { writeSafetensors } from "@/lib/fingerprint/attacks";
import { scoreGrants } from "@/lib/fingerprint/detect";
import { matchTensors } from "@/lib/fingerprint/match-tensors";
import { markTensor } from "@/lib/fingerprint/pattern";
import { markWeightFile, readWeightTensors, type WeightTensor } from "@/lib/fingerprint/weight-file";
import { findFreePort } from "../local/ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "../local/s3";

const quick = process.argv.includes("--quick");
const totalBytes = quick ? 128 * 2 ** 20 : 2 ** 30;
const tensorBytes = 64 * 2 ** 20;
const log = (line: string) => console.log(line);
const dir = mkdtempSync(path.join(os.tmpdir(), "bench-fingerprint-"));
const port = await findFreePort();
const s3 = await startS3({ dir, port, bucket: "weights", origin: "http://localhost" });
const client = new S3Client({
  endpoint: s3.endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: LOCAL_S3_KEY, secretAccessKey: LOCAL_S3_SECRET },
});
const Bucket = "weights";
const put = (Key: string, Body: Uint8Array) =>
  new Upload({ client, params: { Bucket, Key, Body }, partSize: 16 * 2 ** 20, queueSize: 4 }).done();
const get = async (Key: string) =>
  (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray() as Promise<Uint8Array>;
const time = async <T>(f: () => Promise<T>) => {
  const t = performance.now();
  const value = await f();
  return { value, s: (performance.now() - t) / 1000 };
};

try {
  log(
    `bench:fingerprint — ${(totalBytes / 2 ** 30).toFixed(3)} GiB of F32 safetensors, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  const tensors: WeightTensor[] = [];
  for (let i = 0; i < totalBytes / tensorBytes; i++) {
    const n = tensorBytes / 4;
    const values = new Float32Array(n);
    for (let j = 0; j < n; j++) values[j] = (Math.random() - 0.5) * 0.1;
    tensors.push({ name: `layers.${i}.weight`, dtype: "F32", shape: [n / 4096, 4096], values });
  }
  const original = writeSafetensors(tensors);
  tensors.length = 0;
  await put("original.safetensors", original);
  const gb = original.byteLength / 2 ** 30;
  log(`stored ${(original.byteLength / 2 ** 20).toFixed(0)} MiB`);

  const copy = await time(() =>
    client.send(
      new CopyObjectCommand({ Bucket, Key: "copy.safetensors", CopySource: `${Bucket}/original.safetensors` }),
    ),
  );
  log(`server-side copy (CopyObject): ${copy.s.toFixed(2)} s (${(copy.s / gb).toFixed(2)} s/GiB)`);

  const key = randomBytes(32);
  const phases = { read: 0, mark: 0, write: 0 };
  const fp = await time(async () => {
    let t = performance.now();
    const bytes = await get("original.safetensors");
    phases.read = (performance.now() - t) / 1000;
    t = performance.now();
    const marked = markWeightFile(bytes, new Map(), (w) => markTensor(key, "bench-grant", w)?.values ?? null);
    phases.mark = (performance.now() - t) / 1000;
    t = performance.now();
    await put("fingerprinted/bench-grant/original.safetensors", marked.bytes);
    phases.write = (performance.now() - t) / 1000;
    return marked.bytes;
  });
  log(
    `fingerprinted copy (read + mark + write): ${fp.s.toFixed(2)} s (${(fp.s / gb).toFixed(2)} s/GiB): read ${phases.read.toFixed(2)} s, mark ${phases.mark.toFixed(2)} s, write ${phases.write.toFixed(2)} s`,
  );

  const trace = await time(async () => {
    const [o, s] = await Promise.all([
      get("original.safetensors"),
      get("fingerprinted/bench-grant/original.safetensors"),
    ]);
    return scoreGrants(key, ["bench-grant"], matchTensors(readWeightTensors(o), readWeightTensors(s)));
  });
  const perGrant = await time(async () => {
    const pairs = matchTensors(readWeightTensors(original), readWeightTensors(fp.value));
    const t = performance.now();
    scoreGrants(key, ["other-grant"], pairs);
    return (performance.now() - t) / 1000;
  });
  log(
    `trace (read both, decode, score 1 grant): ${trace.s.toFixed(2)} s per ${gb.toFixed(3)} GiB = ${(trace.s / gb).toFixed(2)} s/GiB (z = ${trace.value[0]!.z.toFixed(0)}); each further grant searched adds ${(perGrant.value / gb).toFixed(2)} s/GiB`,
  );
  const ratio = fp.s / copy.s;
  log(`goal fingerprint-vs-copy: ${ratio.toFixed(2)} (target <= 2) ${ratio <= 2 ? "met" : "NOT met"}`);
} finally {
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
}
