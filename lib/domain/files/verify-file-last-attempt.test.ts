import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createGatedModel, uid, createPublishedVersion } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { putObject } from "@/lib/storage/put-object";
import { run } from "@/workers/handlers/verify-file";
import { verifyFile } from "./verify-file";

// What the verify job does when storage keeps failing: earlier attempts throw for pg-boss to retry;
// the last one ends the file FAILED with the reason (real PostgreSQL and the test S3).
const { modelIds } = trackTestRows();
const fileIds: string[] = [];
afterAll(async () => {
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('verify-file', 'inspect-file', 'deliver-webhook') AND data->>'fileId' = ANY(${fileIds})`;
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
/**
 * s3rver answers 500 InternalError for a name its file system refuses (over 255 bytes) in a folder
 * that exists (a sibling object makes it): a storage error, not a missing object.
 */
const unreadableKey = async () => {
  const folder = `test/${uid()}`;
  await putObject({ key: `${folder}/sibling`, body: new Uint8Array([1]), contentType: "application/octet-stream" });
  return `${folder}/${"k".repeat(300)}`;
};
const storageError = "InternalError: We encountered an internal error. Please try again.";

/** A draft version with one VERIFYING file (stored under `storageKey`, or unreadable) and a webhook for file events. */
const arrange = async ({ readable = false } = {}) => {
  const model = await createGatedModel({ gating: "OPEN" });
  modelIds.push(model.id);
  const bytes = randomBytes(2048);
  const storageKey = readable ? `test/${uid()}/weights.bin` : await unreadableKey();
  if (readable) await putObject({ key: storageKey, body: bytes, contentType: "application/octet-stream" });
  const { files, ...version } = await createPublishedVersion(
    model.id,
    [
      {
        path: "weights.bin",
        size: bytes.byteLength,
        sha256: null,
        declaredSha256: sha(bytes),
        storageKey,
        status: "VERIFYING",
      },
    ],
    { status: "DRAFT", latest: false },
  );
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

const snapshot = async (fileId: string, webhookId: string) => ({
  file: await db.modelFile.findUniqueOrThrow({
    where: { id: fileId },
    select: { status: true, sha256: true, failureReason: true, updatedAt: true },
  }),
  audit: await db.auditEvent.findMany({
    where: { targetId: fileId },
    select: { action: true, actorId: true, data: true },
    orderBy: { seq: "asc" },
  }),
  deliveries: await db.webhookDelivery.findMany({ where: { webhookId }, select: { event: true, payload: true } }),
});

describe("verifyFile when storage keeps failing", () => {
  it("an earlier attempt throws (pg-boss retries) and changes nothing", async () => {
    const { file, webhook } = await arrange();
    const before = await snapshot(file.id, webhook.id);
    await expect(verifyFile({ fileId: file.id }, { attempt: 8, lastAttempt: false })).rejects.toThrow();
    await expect(
      verifyFile({ fileId: file.id }, { signal: AbortSignal.abort(), attempt: 1, lastAttempt: false }),
    ).rejects.toThrow();
    expect(await snapshot(file.id, webhook.id)).toEqual(before);
    expect(before.file.status).toBe("VERIFYING");
  });

  it("the last attempt ends the file FAILED with the reason, one file.failed audit row and one file.failed delivery; a re-run changes nothing", async () => {
    const { file, webhook, model, version } = await arrange();
    const result = await verifyFile({ fileId: file.id }, { attempt: 9, lastAttempt: true });
    const reason = `could not read the object from storage after 9 attempts: ${storageError}`;
    expect(result).toEqual({ outcome: "failed", reason });

    const after = await snapshot(file.id, webhook.id);
    expect(after.file).toMatchObject({ status: "FAILED", sha256: null, failureReason: reason });
    const subject = {
      fileId: file.id,
      path: "weights.bin",
      model: model.slug,
      version: "v1",
      commitSha: version.commitSha,
    };
    expect(after.audit).toEqual([
      {
        action: "file.failed",
        actorId: null,
        data: {
          ...subject,
          declaredSize: 2048,
          declaredSha256: expect.any(String),
          measuredSize: null,
          measuredSha256: null,
          reason,
          attempts: 9,
          via: "worker",
        },
      },
    ]);
    expect(after.deliveries).toEqual([
      { event: "file.failed", payload: expect.objectContaining({ type: "file.failed", data: { ...subject, reason } }) },
    ]);

    // Idempotent: the job run again (a worker that died after the commit) finds a FAILED file.
    expect(await verifyFile({ fileId: file.id }, { attempt: 9, lastAttempt: true })).toEqual({
      outcome: "skipped",
      status: "FAILED",
    });
    expect(await snapshot(file.id, webhook.id)).toEqual(after);
  });

  it("a last attempt that ran out of time says so", async () => {
    const { file, webhook } = await arrange({ readable: true });
    const signal = AbortSignal.abort(new DOMException("signal timed out", "TimeoutError"));
    const reason =
      "could not read the object from storage after 9 attempts: timed out (each attempt may take VERIFY_JOB_TIMEOUT_SECONDS)";
    expect(await verifyFile({ fileId: file.id }, { signal, attempt: 9, lastAttempt: true })).toEqual({
      outcome: "failed",
      reason,
    });
    expect((await snapshot(file.id, webhook.id)).file).toMatchObject({ status: "FAILED", failureReason: reason });
  });

  it("a last attempt that can read the object decides on the bytes as usual", async () => {
    const { file } = await arrange({ readable: true });
    expect(await verifyFile({ fileId: file.id }, { attempt: 9, lastAttempt: true })).toMatchObject({
      outcome: "ready",
    });
  });

  it("the worker's handler passes the attempt through: it throws before the last attempt and fails the file on it", async () => {
    const { file, webhook } = await arrange();
    const before = await snapshot(file.id, webhook.id);
    await expect(run({ payload: { fileId: file.id }, attempt: 3, lastAttempt: false })).rejects.toThrow(
      "internal error",
    );
    expect(await snapshot(file.id, webhook.id)).toEqual(before);
    expect(await run({ payload: { fileId: file.id }, attempt: 9, lastAttempt: true })).toEqual({
      outcome: "failed",
      reason: `could not read the object from storage after 9 attempts: ${storageError}`,
    });
    expect((await snapshot(file.id, webhook.id)).file.status).toBe("FAILED");
  });
});
