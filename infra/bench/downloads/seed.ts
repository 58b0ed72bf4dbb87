// Seeding for bench:downloads, through Prisma and the registry's own code: a gated model whose
// published version holds a big random file (streamed to the bucket with the SDK and to a local
// copy at once, hashed on the way, never held in memory) and a small one; a researcher with an
// approved grant and the license accepted and a READ API token made by createApiToken; as many
// more such researchers as asked (so concurrent issuances need not share one grant).
import { createHash, randomFillSync } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { Upload } from "@aws-sdk/lib-storage";

export type BenchWorld = {
  slug: string;
  org: string;
  name: string;
  userId: string;
  grantId: string;
  modelId: string;
  versionId: string;
  commitSha: string;
  token: string;
  /** The other researchers, each with a grant of their own, the license accepted and a token. */
  grantees: { userId: string; grantId: string; token: string }[];
  big: { id: string; path: string; key: string; size: number; sha256: string; localCopy: string };
  small: { id: string; path: string };
  /** A small ONNX graph (playground on): what a playground session issues. */
  onnx: { id: string; path: string };
  /** Files in the version (counted, not assumed), each of which the manifest signs. */
  fileCount: number;
};

const CHUNK = 1024 * 1024;

/** `size` random bytes as a stream of 1 MiB chunks (a fresh buffer each: the SDK may hold several parts). */
async function* randomChunks(size: number) {
  for (let sent = 0; sent < size; sent += CHUNK) yield randomFillSync(Buffer.allocUnsafe(Math.min(CHUNK, size - sent)));
}

/** Writes to a file, waiting out backpressure, so the local copy never buffers in memory. */
const fileSink = (path: string) => {
  const out = createWriteStream(path);
  const write = (chunk: Buffer) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  const close = async () => {
    out.end();
    await finished(out as Writable);
  };
  return { write, close };
};

/** Streams random bytes to S3 under `key` and to `localCopy`; returns their sha256. */
const storeRandomObject = async ({ key, size, localCopy }: { key: string; size: number; localCopy: string }) => {
  const [{ s3, bucket }] = await Promise.all([import("@/lib/storage/s3-client")]);
  const hash = createHash("sha256");
  const copy = fileSink(localCopy);
  async function* teed() {
    for await (const chunk of randomChunks(size)) {
      hash.update(chunk);
      await copy.write(chunk);
      yield chunk;
    }
  }
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: Readable.from(teed()), ContentType: "application/octet-stream" },
    partSize: 16 * CHUNK,
    queueSize: 4,
  }).done();
  await copy.close();
  return hash.digest("hex");
};

/** Everything the bench downloads, with real rows and real bytes. Call after the stack env is in process.env. */
export const seedDownloadWorld = async ({
  sizeBytes,
  localCopy,
  grantees = 0,
}: {
  sizeBytes: number;
  localCopy: string;
  grantees?: number;
}): Promise<BenchWorld> => {
  const [{ db }, f, { buildStorageKey }, { putObject }, { createApiToken }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/testing/factories"),
    import("@/lib/storage/storage-key"),
    import("@/lib/storage/put-object"),
    import("@/lib/domain/tokens/create-api-token"),
  ]);
  const model = await f.createGatedModel({
    org: "bench",
    name: `weights-${f.uid()}`,
    gating: "MANUAL",
    visibility: "PUBLIC",
  });
  const commitSha = createHash("sha1").update(model.id).digest("hex");
  const version = await db.modelVersion.create({
    data: { modelId: model.id, name: "v1", commitSha, status: "PUBLISHED", publishedAt: new Date() },
  });

  const bigPath = "model.safetensors";
  const bigKey = buildStorageKey({ modelId: model.id, commitSha, path: bigPath });
  const sha256 = await storeRandomObject({ key: bigKey, size: sizeBytes, localCopy });
  const big = await db.modelFile.create({
    data: {
      versionId: version.id,
      path: bigPath,
      size: BigInt(sizeBytes),
      storageKey: bigKey,
      status: "READY",
      sha256,
      declaredSha256: sha256,
    },
  });
  const smallPath = "config.json";
  const smallKey = buildStorageKey({ modelId: model.id, commitSha, path: smallPath });
  const stored = await putObject({
    key: smallKey,
    body: Buffer.from(JSON.stringify({ architectures: ["BenchModel"], hidden_size: 4096 })),
    contentType: "application/json",
  });
  const small = await db.modelFile.create({
    data: {
      versionId: version.id,
      path: smallPath,
      size: BigInt(stored.size),
      storageKey: smallKey,
      status: "READY",
      sha256: stored.sha256,
      declaredSha256: stored.sha256,
    },
  });
  // The playground only signs URLs; these bytes are never loaded, so any small object will do.
  const onnxPath = "model.onnx";
  const onnxKey = buildStorageKey({ modelId: model.id, commitSha, path: onnxPath });
  const onnxStored = await putObject({
    key: onnxKey,
    body: randomFillSync(Buffer.alloc(4096)),
    contentType: "application/octet-stream",
  });
  const onnx = await db.modelFile.create({
    data: {
      versionId: version.id,
      path: onnxPath,
      size: BigInt(onnxStored.size),
      storageKey: onnxKey,
      status: "READY",
      sha256: onnxStored.sha256,
      declaredSha256: onnxStored.sha256,
    },
  });
  await db.model.update({ where: { id: model.id }, data: { latestVersionId: version.id, playgroundEnabled: true } });

  const grantee = async () => {
    const { user, caller } = await f.createResearcher();
    const grant = await f.createRequest({
      userId: user.id,
      modelId: model.id,
      status: "APPROVED",
      licenseVersionId: model.licenseVersion.id,
      expiresAt: f.daysFromNow(30),
    });
    await f.createAcceptance(user.id, model.licenseVersion);
    const { token } = await createApiToken(caller, { name: "bench:downloads", scope: "READ", expiresInDays: 1 });
    return { userId: user.id, grantId: grant.id, token };
  };
  const { userId, grantId, token } = await grantee();
  const others = [];
  for (let i = 0; i < grantees; i++) others.push(await grantee());

  return {
    slug: model.slug,
    org: model.org,
    name: model.name,
    userId,
    grantId,
    modelId: model.id,
    versionId: version.id,
    commitSha,
    token,
    grantees: others,
    big: { id: big.id, path: bigPath, key: bigKey, size: sizeBytes, sha256, localCopy },
    small: { id: small.id, path: smallPath },
    onnx: { id: onnx.id, path: onnxPath },
    fileCount: await db.modelFile.count({ where: { versionId: version.id } }),
  };
};
