import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateMultipartUploadCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "./ports";
import { LOCAL_S3_KEY, LOCAL_S3_SECRET, startS3 } from "./s3";
import { shippedAbortRules } from "./s3-lifecycle";

// A store of its own, so that the sweep's clock can be moved without touching the suite's uploads.
const bucket = "lifecycle";
let dir: string;
let store: Awaited<ReturnType<typeof startS3>>;
let client: S3Client;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "s3-lifecycle-"));
  store = await startS3({ dir, port: await findFreePort(), bucket, origin: "http://127.0.0.1" });
  client = new S3Client({
    region: "us-east-1",
    endpoint: store.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: LOCAL_S3_KEY, secretAccessKey: LOCAL_S3_SECRET },
  });
});
afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;
const open = async (Key: string) =>
  (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))).UploadId as string;
const part = (Key: string, UploadId: string) =>
  client.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: Buffer.alloc(16) })).then(
    () => "accepted",
    (e: { name: string }) => e.name,
  );

describe("the embedded store's lifecycle rule", () => {
  it("ships one rule: abort uploads under models/ still open 7 days after they started", () => {
    expect(shippedAbortRules()).toEqual([{ prefix: "models/", days: 7 }]);
  });

  it("aborts only the uploads under the rule's prefix that started at least its days ago", async () => {
    const old = await open("models/m/old.bin");
    const recent = await open("models/m/recent.bin");
    const elsewhere = await open("scratch/old.bin");
    // Started eight days ago, as s3rver's record of the initiation says.
    const eightDaysAgo = new Date(Date.now() - 8 * DAY);
    const files = await readdir(dir, { recursive: true });
    for (const id of [old, elsewhere]) {
      const keyFile = files.find((f) => f.endsWith(path.join(id, "key")));
      expect(keyFile, `s3rver's record of upload ${id}`).toBeDefined();
      await utimes(path.join(dir, keyFile as string), eightDaysAgo, eightDaysAgo);
    }
    expect(await store.sweep()).toBe(1);
    expect(await part("models/m/old.bin", old)).toBe("NoSuchUpload");
    expect(await part("models/m/recent.bin", recent)).toBe("accepted");
    expect(await part("scratch/old.bin", elsewhere)).toBe("accepted");
    // A week on, the recent one goes too.
    expect(await store.sweep(Date.now() + 7 * DAY)).toBe(1);
    expect(await part("models/m/recent.bin", recent)).toBe("NoSuchUpload");
  });
});
