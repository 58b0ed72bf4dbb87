import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { contentDisposition } from "@/lib/storage/presign-get";
import {
  createGrantee,
  createDownloadableModel,
  createVersionWithFiles,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { createAcceptance, createRequest, createResearcher, uid } from "@/lib/testing/factories";
import { recomputeSignature } from "@/lib/testing/recompute-sigv4";
import { getManifest } from "./get-manifest";
import { createDownloadRateLimiter } from "./rate-limit-downloads";
import { refusal } from "@/lib/testing/expect-app-error";

const modelIds = trackDownloadModels();
const meta = { channel: "API" as const, ip: "198.51.100.2", userAgent: "curl/8" };
const refOf = (m: { org: string; name: string }) => ({ org: m.org, name: m.name });

const mixedFiles = [
  { path: "model.onnx" },
  { path: "tokenizer/vocab.json" },
  { path: "broken.bin", status: "FAILED" as const },
  { path: "late.bin", status: "VERIFYING" as const },
  { path: "README.md" },
];

describe("getManifest", () => {
  it("signs a URL for every READY file and none for the others; one event and audit row per URL", async () => {
    const { model, version } = await createDownloadableModel(modelIds, mixedFiles);
    const { user, caller, grant } = await createGrantee(model);

    const manifest = await getManifest(caller, refOf(model), meta);

    expect(manifest.model).toEqual({ slug: model.slug, title: model.title });
    expect(manifest.revision).toEqual({ name: "v1", commitSha: version.commitSha });
    expect(manifest.files.map((f) => f.path)).toEqual(["README.md", "model.onnx", "tokenizer/vocab.json"]);
    expect(manifest.notReady).toEqual([
      { path: "broken.bin", status: "FAILED" },
      { path: "late.bin", status: "VERIFYING" },
    ]);
    for (const f of manifest.files) {
      const row = version.files.find((r) => r.path === f.path);
      if (!row) throw new Error(`no row for ${f.path}`);
      expect({ size: f.size, sha256: f.sha256 }).toEqual({ size: Number(row.size), sha256: row.sha256 });
      const url = new URL(f.url);
      expect(decodeURIComponent(url.pathname)).toBe(`/${env.S3_BUCKET}/${row.storageKey}`);
      expect(url.searchParams.get("X-Amz-Expires")).toBe(String(env.DOWNLOAD_URL_TTL_SECONDS));
      const signature = await recomputeSignature(f.url, {
        endpoint: env.S3_ENDPOINT as string,
        bucket: env.S3_BUCKET,
        key: row.storageKey,
        region: env.S3_REGION,
        accessKeyId: env.S3_ACCESS_KEY_ID as string,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY as string,
        expiresIn: env.DOWNLOAD_URL_TTL_SECONDS,
        query: {
          "response-content-disposition": contentDisposition(f.path),
          "x-id": "GetObject",
          "x-amz-checksum-mode": "ENABLED",
        },
      });
      expect(url.searchParams.get("X-Amz-Signature")).toBe(signature);
      const res = await fetch(f.url);
      expect(res.status).toBe(200);
      expect(
        createHash("sha256")
          .update(Buffer.from(await res.arrayBuffer()))
          .digest("hex"),
      ).toBe(f.sha256);
    }

    const events = await db.downloadEvent.findMany({
      where: { userId: user.id },
      include: { file: { select: { path: true } } },
    });
    expect(events.map((e) => e.file.path).sort()).toEqual(["README.md", "model.onnx", "tokenizer/vocab.json"]);
    for (const e of events) {
      expect(e).toMatchObject({
        modelId: model.id,
        versionId: version.id,
        requestId: grant.id,
        channel: "API",
        ip: "198.51.100.2",
        userAgent: "curl/8",
      });
      expect(e.urlExpiresAt).toEqual(manifest.files[0]?.expiresAt);
    }
    const audit = await db.auditEvent.findMany({
      where: { actorId: user.id },
      select: { action: true, targetId: true, data: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["download.issued", "download.issued", "download.issued"]);
    expect(audit.map((a) => a.targetId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(audit.every((a) => (a.data as { via?: string }).via === "manifest")).toBe(true);
  });

  it("takes a revision by name or commit id, and answers 404 for an unknown one", async () => {
    const { model, version } = await createDownloadableModel(modelIds, [{ path: "new.bin" }]);
    const old = await createVersionWithFiles(model.id, [{ path: "old.bin" }], { name: "v0", latest: false });
    const { caller, user } = await createGrantee(model);
    expect(
      (await getManifest(caller, refOf(model), { ...meta, revision: old.commitSha })).files.map((f) => f.path),
    ).toEqual(["old.bin"]);
    expect((await getManifest(caller, refOf(model), { ...meta, revision: "main" })).revision.commitSha).toBe(
      version.commitSha,
    );
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    expect((await refusal(getManifest(caller, refOf(model), { ...meta, revision: "v7" }))).code).toBe("NOT_FOUND");
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });

  it("charges the rate limit once per manifest, whatever the number of files", async () => {
    const { model } = await createDownloadableModel(modelIds, mixedFiles);
    const { caller, user } = await createGrantee(model);
    const limiter = createDownloadRateLimiter({ points: 2, keyPrefix: `t-${uid()}` });
    await getManifest(caller, refOf(model), meta, { limiter });
    await getManifest(caller, refOf(model), meta, { limiter });
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await refusal(getManifest(caller, refOf(model), meta, { limiter }));
    expect(e.code).toBe("RATE_LIMITED");
    expect(e.retryAfterSeconds).toBeGreaterThan(0);
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
    expect(before.events).toHaveLength(6);
  });

  it("issues nothing, and charges nothing, when no file is ready yet", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "a.bin", status: "UPLOADING" }]);
    const { caller, user } = await createGrantee(model);
    const limiter = createDownloadRateLimiter({ points: 1, keyPrefix: `t-${uid()}` });
    const manifest = await getManifest(caller, refOf(model), meta, { limiter });
    expect(manifest.files).toEqual([]);
    expect(manifest.notReady).toEqual([{ path: "a.bin", status: "UPLOADING" }]);
    expect((await downloadSnapshot({ userId: user.id, modelId: model.id })).events).toEqual([]);
    expect(await limiter.get(user.id)).toBeNull();
  });

  it.each([
    ["anonymous", "SIGN_IN_REQUIRED"],
    ["no request", "REQUEST_REQUIRED"],
    ["pending", "REQUEST_PENDING"],
    ["revoked", "GRANT_REVOKED"],
  ])("refuses %s with its gate code and writes nothing", async (who, code) => {
    const { model } = await createDownloadableModel(modelIds, mixedFiles);
    const { user, caller } = await createResearcher();
    await createAcceptance(user.id, model.licenseVersion);
    if (who === "pending") await createRequest({ userId: user.id, modelId: model.id });
    if (who === "revoked")
      await createRequest({ userId: user.id, modelId: model.id, status: "REVOKED", revokedAt: new Date() });
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    expect((await refusal(getManifest(who === "anonymous" ? null : caller, refOf(model), meta))).code).toBe(code);
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });
});
