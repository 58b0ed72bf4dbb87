import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueDownloadUrl } from "@/lib/domain/downloads/issue-download-url";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { env } from "@/lib/env";
import { putObject } from "@/lib/storage/put-object";
import { createGrantee } from "@/lib/testing/download-fixtures";
import { createGatedModel, uid, createPublishedVersion } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { enqueueFileVerification } from "./enqueue-file-verification";
import { verifyFile } from "./verify-file";

// The verify job's domain function against the real test S3 (s3rver) and PostgreSQL.
const { modelIds } = trackTestRows();
const fileIds: string[] = [];
afterAll(async () => {
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('verify-file', 'inspect-file') AND data->>'fileId' = ANY(${fileIds})`;
  await db.downloadEvent.deleteMany({ where: { modelId: { in: modelIds } } });
});

const require = createRequire(import.meta.url);
const silero = new Uint8Array(
  readFileSync(path.join(path.dirname(require.resolve("@ricky0123/vad-web")), "silero_vad_v5.onnx")),
);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

type Arrange = {
  path?: string;
  bytes?: Uint8Array;
  store?: Uint8Array | null;
  declaredSize?: number;
  declaredSha256?: string | null;
};

/**
 * A published model with one VERIFYING file whose object holds `store` (default: `bytes`; null: no
 * object at all), declared as `declaredSize` / `declaredSha256` (default: those of `bytes`), and a
 * webhook listening for file events.
 */
const arrange = async ({
  path: filePath = "weights.bin",
  bytes = randomBytes(3000),
  store,
  declaredSize,
  declaredSha256,
}: Arrange = {}) => {
  const model = await createGatedModel({ gating: "OPEN" });
  modelIds.push(model.id);
  const storageKey = `test/${uid()}/${filePath}`;
  const stored = store === undefined ? bytes : store;
  if (stored) await putObject({ key: storageKey, body: stored, contentType: "application/octet-stream" });
  const { files, ...version } = await createPublishedVersion(model.id, [
    {
      path: filePath,
      size: declaredSize ?? bytes.byteLength,
      sha256: null,
      declaredSha256: declaredSha256 === undefined ? sha(bytes) : declaredSha256,
      storageKey,
      status: "VERIFYING",
    },
  ]);
  const file = files[0]!;
  fileIds.push(file.id);
  const webhook = await db.webhook.create({
    data: {
      url: "https://receiver.example.test/hook",
      secret: "unused",
      events: ["file.ready", "file.failed"],
      modelId: model.id,
    },
  });
  return { model, version, file, webhook };
};

/** Everything verifying can write about a file: its row, audit rows, webhook deliveries, queued inspect jobs. */
const snapshot = async (fileId: string, webhookId: string) => ({
  file: await db.modelFile.findUniqueOrThrow({
    where: { id: fileId },
    select: { status: true, sha256: true, failureReason: true, updatedAt: true, inspection: true },
  }),
  audit: await db.auditEvent.findMany({
    where: { targetId: fileId },
    select: { action: true, actorId: true, data: true },
    orderBy: { seq: "asc" },
  }),
  deliveries: await db.webhookDelivery.findMany({ where: { webhookId }, select: { event: true, payload: true } }),
  inspectJobs: await db.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM pgboss.job WHERE name = 'inspect-file' AND data->>'fileId' = ${fileId}`,
});

describe("verifyFile", () => {
  it("bytes matching the declared size and sha256 → READY with the sha256, one audit row, one file.ready delivery, the inspect job for an .onnx", async () => {
    const { file, webhook, model, version } = await arrange({ path: "onnx/silero_vad.onnx", bytes: silero });

    expect(await verifyFile({ fileId: file.id })).toEqual({
      outcome: "ready",
      sha256: sha(silero),
      size: silero.byteLength,
    });

    const after = await snapshot(file.id, webhook.id);
    expect(after.file).toMatchObject({ status: "READY", sha256: sha(silero), failureReason: null });
    const subject = {
      fileId: file.id,
      path: "onnx/silero_vad.onnx",
      model: model.slug,
      version: "v1",
      commitSha: version.commitSha,
    };
    expect(after.audit).toEqual([
      {
        action: "file.verified",
        actorId: null,
        data: {
          ...subject,
          declaredSize: silero.byteLength,
          declaredSha256: sha(silero),
          measuredSize: silero.byteLength,
          measuredSha256: sha(silero),
          via: "worker",
        },
      },
    ]);
    expect(after.deliveries).toEqual([
      {
        event: "file.ready",
        payload: expect.objectContaining({
          type: "file.ready",
          data: { ...subject, size: silero.byteLength, sha256: sha(silero) },
        }),
      },
    ]);
    expect(after.inspectJobs).toHaveLength(1);
  });

  it("a file of no inspectable kind becomes READY without an inspect job; no declared sha256 means size alone decides", async () => {
    const bytes = randomBytes(5000);
    const { file, webhook } = await arrange({ path: "tokenizer.json", bytes, declaredSha256: null });
    expect(await verifyFile({ fileId: file.id })).toMatchObject({ outcome: "ready", sha256: sha(bytes) });
    const after = await snapshot(file.id, webhook.id);
    expect(after.file).toMatchObject({ status: "READY", sha256: sha(bytes) });
    expect(after.inspectJobs).toEqual([]);
  });

  it.each([
    {
      name: "a declared sha256 that does not match",
      arrange: (bytes: Uint8Array) => ({ bytes, declaredSha256: sha(Buffer.from("something else")) }),
      reason: (bytes: Uint8Array) =>
        `sha256 ${sha(bytes).slice(0, 12)}… does not match the declared ${sha(Buffer.from("something else")).slice(0, 12)}…`,
    },
    {
      name: "a size other than declared",
      arrange: (bytes: Uint8Array) => ({ bytes, declaredSize: 1200 }),
      reason: () => "size 1000 bytes, declared 1200",
    },
    {
      name: "an object missing in storage",
      arrange: (bytes: Uint8Array) => ({ bytes, store: null }),
      reason: () => "object missing in storage",
    },
  ])(
    "$name → FAILED with the reason, audit file.failed, webhook file.failed, no inspect job, and the gate refuses FILE_NOT_READY",
    async (c) => {
      const bytes = randomBytes(1000);
      const { file, webhook, model } = await arrange({ path: "model.onnx", ...c.arrange(bytes) });

      expect(await verifyFile({ fileId: file.id })).toEqual({ outcome: "failed", reason: c.reason(bytes) });

      const after = await snapshot(file.id, webhook.id);
      expect(after.file).toMatchObject({ status: "FAILED", sha256: null, failureReason: c.reason(bytes) });
      expect(after.audit.map((a) => [a.action, (a.data as { reason?: string }).reason])).toEqual([
        ["file.failed", c.reason(bytes)],
      ]);
      expect(after.deliveries.map((d) => [d.event, (d.payload as { data: { reason: string } }).data.reason])).toEqual([
        ["file.failed", c.reason(bytes)],
      ]);
      expect(after.inspectJobs).toEqual([]);

      // Not downloadable, even for a caller the gate otherwise lets through; the refusal writes nothing.
      const { caller } = await createGrantee(model);
      const events = await db.downloadEvent.count({ where: { modelId: model.id } });
      await expectAppError(
        issueDownloadUrl(
          caller,
          { org: model.org, name: model.name, path: "model.onnx" },
          { channel: "API", ip: null, userAgent: null },
        ),
        "FILE_NOT_READY",
      );
      expect(await db.downloadEvent.count({ where: { modelId: model.id } })).toBe(events);
    },
  );

  it("a re-run of a finished job, or a run for a file that is not VERIFYING, changes nothing", async () => {
    const { file, webhook } = await arrange({ path: "m.safetensors" });
    await verifyFile({ fileId: file.id });
    const done = await snapshot(file.id, webhook.id);
    expect(done.audit).toHaveLength(1);

    expect(await verifyFile({ fileId: file.id })).toEqual({ outcome: "skipped", status: "READY" });
    expect(await snapshot(file.id, webhook.id)).toEqual(done);

    await db.modelFile.update({ where: { id: file.id }, data: { status: "UPLOADING" } });
    const uploading = await snapshot(file.id, webhook.id);
    expect(await verifyFile({ fileId: file.id })).toEqual({ outcome: "skipped", status: "UPLOADING" });
    expect(await snapshot(file.id, webhook.id)).toEqual(uploading);
    expect(await verifyFile({ fileId: `missing${uid()}` })).toEqual({ outcome: "skipped", status: null });
  });

  it("two runs at once (a job handed to a second worker while the first still reads) complete once", async () => {
    const { file, webhook } = await arrange({ path: "model.onnx", bytes: silero });
    const results = await Promise.all([
      verifyFile({ fileId: file.id }),
      verifyFile({ fileId: file.id }),
      verifyFile({ fileId: file.id }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["ready", "skipped", "skipped"]);
    const after = await snapshot(file.id, webhook.id);
    expect(after.audit.map((a) => a.action)).toEqual(["file.verified"]);
    expect(after.deliveries).toHaveLength(1);
    expect(after.inspectJobs).toHaveLength(1);
  });

  it("a storage error throws (for pg-boss to retry) and changes nothing", async () => {
    const { file, webhook } = await arrange();
    const before = await snapshot(file.id, webhook.id);
    await expect(verifyFile({ fileId: file.id }, { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(await snapshot(file.id, webhook.id)).toEqual(before);
    expect(before.file.status).toBe("VERIFYING");
  });
});

describe("enqueueFileVerification", () => {
  const jobsFor = (fileId: string) =>
    db.$queryRaw<{ state: string; expire: number; retryLimit: number }[]>`
      SELECT state::text, EXTRACT(epoch FROM expire_in)::int AS expire, retry_limit AS "retryLimit" FROM pgboss.job WHERE name = 'verify-file' AND data->>'fileId' = ${fileId}`;

  it("sets VERIFYING (clearing an earlier failure) and queues one job with the configured expiry, in the caller's transaction", async () => {
    const { file } = await arrange();
    await db.modelFile.update({
      where: { id: file.id },
      data: { status: "FAILED", failureReason: "size 1 bytes, declared 3000" },
    });
    await db.$transaction((tx) => enqueueFileVerification(tx, file.id));
    expect(
      await db.modelFile.findUniqueOrThrow({ where: { id: file.id }, select: { status: true, failureReason: true } }),
    ).toEqual({ status: "VERIFYING", failureReason: null });
    expect(await jobsFor(file.id)).toEqual([
      { state: "created", expire: env.VERIFY_JOB_TIMEOUT_SECONDS, retryLimit: 8 },
    ]);
  });

  it("a rolled-back transaction leaves neither the status nor the job (outbox)", async () => {
    const { file } = await arrange();
    await db.modelFile.update({ where: { id: file.id }, data: { status: "UPLOADING" } });
    await expect(
      db.$transaction(async (tx) => {
        await enqueueFileVerification(tx, file.id);
        throw new Error("the upload's completion failed");
      }),
    ).rejects.toThrow("the upload's completion failed");
    expect((await db.modelFile.findUniqueOrThrow({ where: { id: file.id } })).status).toBe("UPLOADING");
    expect(await jobsFor(file.id)).toEqual([]);
  });

  it("refuses a READY file (CONFLICT) and an unknown one (NOT_FOUND), queueing nothing", async () => {
    const { file } = await arrange();
    await verifyFile({ fileId: file.id });
    const ready = await db.modelFile.findUniqueOrThrow({ where: { id: file.id } });
    await expectAppError(
      db.$transaction((tx) => enqueueFileVerification(tx, file.id)),
      "CONFLICT",
    );
    expect(await db.modelFile.findUniqueOrThrow({ where: { id: file.id } })).toEqual(ready);
    expect(await jobsFor(file.id)).toEqual([]);
    await expectAppError(
      db.$transaction((tx) => enqueueFileVerification(tx, `nope${uid()}`)),
      "NOT_FOUND",
    );
  });
});
