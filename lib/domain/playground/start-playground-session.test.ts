import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import onnxProto from "onnx-proto";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import {
  createDownloadableModel,
  createGrantee,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { createAcceptance, createRequest, createResearcher, uid } from "@/lib/testing/factories";
import { createDownloadRateLimiter } from "@/lib/domain/downloads/rate-limit-downloads";
import { prng } from "@/lib/fingerprint/attacks";
import { run as makeCopies } from "@/workers/handlers/make-fingerprint-copies";
import { startPlaygroundSession } from "./start-playground-session";
import { refusal } from "@/lib/testing/expect-app-error";

const { onnx } = onnxProto;
const modelIds = trackDownloadModels();
const meta = { ip: "198.51.100.7", userAgent: "Chromium" };
const refOf = (m: { org: string; name: string }) => ({ org: m.org, name: m.name });

const inspection = {
  kind: "onnx",
  schemaVersion: 1,
  irVersion: 8,
  producer: { name: "test", version: "1" },
  opsets: [{ domain: "", version: 17 }],
  inputs: [{ name: "input_ids", type: "int64", shape: ["batch", 8] }],
  outputs: [{ name: "logits", type: "float32", shape: ["batch", 40] }],
  parameterCount: 10,
  externalDataFiles: [],
  nodeCount: 3,
  opTypes: ["Gather", "Gemm"],
  metadata: { task: "text-generation", vocab: '["\\n"," "]' },
};

/** A gated model with two ONNX files and a README, playground on unless told otherwise. */
const createPlaygroundModel = async ({ playgroundEnabled = true } = {}) => {
  const { model, version } = await createDownloadableModel(modelIds, [
    { path: "model.onnx" },
    { path: "onnx/decoder.onnx" },
    { path: "README.md" },
    { path: "late.onnx", status: "VERIFYING" },
  ]);
  await db.model.update({ where: { id: model.id }, data: { playgroundEnabled } });
  const main = version.files.find((f) => f.path === "model.onnx");
  await db.modelFile.update({ where: { id: main?.id }, data: { inspection } });
  return { model, version };
};

/**
 * A gated model whose graph `onnx/model.onnx` keeps its weights in `onnx/model.onnx_data` (named
 * by its inspection, relative to the graph), beside a file nothing names.
 */
const createExternalDataModel = async ({ data = "READY" }: { data?: "READY" | "VERIFYING" | "absent" } = {}) => {
  const { model, version } = await createDownloadableModel(modelIds, [
    { path: "onnx/model.onnx" },
    ...(data === "absent" ? [] : [{ path: "onnx/model.onnx_data", status: data }]),
    { path: "onnx/unrelated.bin" },
  ]);
  await db.model.update({ where: { id: model.id }, data: { playgroundEnabled: true } });
  const graph = version.files.find((f) => f.path === "onnx/model.onnx");
  await db.modelFile.update({
    where: { id: graph?.id },
    data: { inspection: { ...inspection, externalDataFiles: ["model.onnx_data"] } },
  });
  return { model, version };
};

describe("startPlaygroundSession", () => {
  it("signs the READY .onnx files for a grantee, with size, sha256 and inspection; one PLAYGROUND event and audit row each", async () => {
    const { model, version } = await createPlaygroundModel();
    const { user, caller, grant } = await createGrantee(model);

    const session = await startPlaygroundSession(caller, refOf(model), {}, meta);

    expect(session.model).toEqual({ slug: model.slug, title: model.title, task: model.task });
    expect(session.maxBytes).toBe(env.PLAYGROUND_MAX_BYTES);
    expect(session.files.map((f) => f.path)).toEqual(["model.onnx", "onnx/decoder.onnx"]);
    expect(session.files.map((f) => [f.kind, f.externalData])).toEqual([
      ["onnx", []],
      ["onnx", []],
    ]);
    expect(session.files[0]?.inspection?.metadata.task).toBe("text-generation");
    expect(session.files[1]?.inspection).toBeNull();
    for (const f of session.files) {
      const row = version.files.find((r) => r.path === f.path);
      expect({ size: f.size, sha256: f.sha256 }).toEqual({ size: Number(row?.size), sha256: row?.sha256 });
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
    expect(events.map((e) => e.file.path).sort()).toEqual(["model.onnx", "onnx/decoder.onnx"]);
    for (const e of events)
      expect(e).toMatchObject({
        modelId: model.id,
        requestId: grant.id,
        channel: "PLAYGROUND",
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
    const audit = await db.auditEvent.findMany({
      where: { actorId: user.id },
      select: { action: true, targetId: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["download.issued", "download.issued"]);
    expect(audit.map((a) => a.targetId).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("also signs the external-data files a graph's inspection names, tells the graph which, and records one event each", async () => {
    const { model, version } = await createExternalDataModel();
    const { user, caller } = await createGrantee(model);

    const session = await startPlaygroundSession(caller, refOf(model), {}, meta);

    expect(session.files.map((f) => [f.path, f.kind])).toEqual([
      ["onnx/model.onnx", "onnx"],
      ["onnx/model.onnx_data", "external-data"],
    ]);
    expect(session.files[0]?.externalData).toEqual([{ location: "model.onnx_data", path: "onnx/model.onnx_data" }]);
    expect(session.files[1]).toMatchObject({ externalData: [], inspection: null });
    const data = version.files.find((f) => f.path === "onnx/model.onnx_data");
    expect({ size: session.files[1]?.size, sha256: session.files[1]?.sha256 }).toEqual({
      size: Number(data?.size),
      sha256: data?.sha256,
    });
    const res = await fetch(session.files[1]?.url ?? "");
    expect(
      createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex"),
    ).toBe(data?.sha256);
    const events = await db.downloadEvent.findMany({
      where: { userId: user.id },
      include: { file: { select: { path: true } } },
    });
    expect(events.map((e) => e.file.path).sort()).toEqual(["onnx/model.onnx", "onnx/model.onnx_data"]);
    expect(events.every((e) => e.channel === "PLAYGROUND")).toBe(true);
  });

  it("counts the external-data files towards PLAYGROUND_MAX_BYTES: FILE_TOO_LARGE when only together they exceed it, writing nothing", async () => {
    const { model, version } = await createExternalDataModel();
    const data = version.files.find((f) => f.path === "onnx/model.onnx_data");
    const graph = version.files.find((f) => f.path === "onnx/model.onnx");
    // The graph alone fits; graph + data is one byte over (the unnamed file does not count).
    await db.modelFile.update({
      where: { id: data?.id },
      data: { size: BigInt(env.PLAYGROUND_MAX_BYTES) - (graph?.size ?? 0n) + 1n },
    });
    const { user, caller } = await createGrantee(model);
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await refusal(startPlaygroundSession(caller, refOf(model), {}, meta));
    expect({ code: e.code, status: e.status }).toEqual({ code: "FILE_TOO_LARGE", status: 413 });
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);

    await db.modelFile.update({
      where: { id: data?.id },
      data: { size: BigInt(env.PLAYGROUND_MAX_BYTES) - (graph?.size ?? 0n) },
    });
    const session = await startPlaygroundSession(caller, refOf(model), {}, meta);
    expect(session.files.reduce((n, f) => n + f.size, 0)).toBe(env.PLAYGROUND_MAX_BYTES);
  });

  it.each([
    ["not READY yet", "VERIFYING", "FILE_NOT_READY", 403],
    ["missing from the revision", "absent", "NOT_FOUND", 404],
  ] as const)("refuses a graph whose external-data file is %s, writing nothing", async (_, data, code, status) => {
    const { model } = await createExternalDataModel({ data });
    const { user, caller } = await createGrantee(model);
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await refusal(startPlaygroundSession(caller, refOf(model), {}, meta));
    expect({ code: e.code, status: e.status, action: e.action }).toEqual({
      code,
      status,
      action: `/models/${model.slug}`,
    });
    if (data === "absent") expect(e.userMessage).toContain("onnx/model.onnx keeps its weights in model.onnx_data");
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });

  it.each([
    ["anonymous", "SIGN_IN_REQUIRED", 401],
    ["no request", "REQUEST_REQUIRED", 403],
    ["pending", "REQUEST_PENDING", 403],
    ["license not accepted", "LICENSE_NOT_ACCEPTED", 403],
  ])(
    "refuses a caller without a usable grant (%s) with the gate's code and writes nothing",
    async (who, code, status) => {
      const { model } = await createPlaygroundModel();
      const { user, caller } = await createResearcher();
      if (who !== "license not accepted") await createAcceptance(user.id, model.licenseVersion);
      if (who === "pending") await createRequest({ userId: user.id, modelId: model.id });
      if (who === "license not accepted")
        await createRequest({
          userId: user.id,
          modelId: model.id,
          status: "APPROVED",
          licenseVersionId: model.licenseVersion.id,
        });
      const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
      const e = await refusal(startPlaygroundSession(who === "anonymous" ? null : caller, refOf(model), {}, meta));
      expect({ code: e.code, status: e.status }).toEqual({ code, status });
      expect(e.action).toBeTruthy();
      expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
    },
  );

  it.each(["grantee", "researcher without a request"] as const)(
    "refuses a model whose playground is off with 404 and the model page as next step (%s), writing nothing",
    async (who) => {
      const { model } = await createPlaygroundModel({ playgroundEnabled: false });
      // Checked before the grant: one without a request is not sent to apply for a playground that is off.
      const { user, caller } = who === "grantee" ? await createGrantee(model) : await createResearcher();
      const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
      const e = await refusal(startPlaygroundSession(caller, refOf(model), {}, meta));
      expect({ code: e.code, status: e.status, action: e.action }).toEqual({
        code: "NOT_FOUND",
        status: 404,
        action: `/models/${model.slug}`,
      });
      expect(e.userMessage).toMatch(/no playground/);
      expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
    },
  );

  it("refuses ONNX files over PLAYGROUND_MAX_BYTES in total with FILE_TOO_LARGE naming the limit, writing nothing", async () => {
    const { model, version } = await createPlaygroundModel();
    const decoder = version.files.find((f) => f.path === "onnx/decoder.onnx");
    // Only the recorded size matters: the limit is checked before any URL is signed.
    await db.modelFile.update({ where: { id: decoder?.id }, data: { size: BigInt(env.PLAYGROUND_MAX_BYTES) } });
    const { user, caller } = await createGrantee(model);
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await refusal(startPlaygroundSession(caller, refOf(model), {}, meta));
    expect({ code: e.code, status: e.status }).toEqual({ code: "FILE_TOO_LARGE", status: 413 });
    expect(e.userMessage).toContain(`limit is ${(env.PLAYGROUND_MAX_BYTES / 1024 ** 2).toFixed(1)} MiB`);
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });

  it("is rate limited per user like any download, and a model another caller cannot see is a 404", async () => {
    const { model } = await createPlaygroundModel();
    const { user, caller } = await createGrantee(model);
    const limiter = createDownloadRateLimiter({ points: 1, keyPrefix: `t-${uid()}` });
    await startPlaygroundSession(caller, refOf(model), {}, meta, { limiter });
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    expect((await refusal(startPlaygroundSession(caller, refOf(model), {}, meta, { limiter }))).code).toBe(
      "RATE_LIMITED",
    );
    expect(
      (await refusal(startPlaygroundSession(caller, { org: "no-such-org", name: `m-${uid()}` }, {}, meta))).code,
    ).toBe("NOT_FOUND");
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });

  it("rejects a malformed body with VALIDATION_FAILED before anything is written", async () => {
    const { model } = await createPlaygroundModel();
    const { user, caller } = await createGrantee(model);
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    await expect(startPlaygroundSession(caller, refOf(model), { revision: "", extra: 1 }, meta)).rejects.toBeInstanceOf(
      ZodError,
    );
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });
  it("a fingerprinted model's session waits for the caller's marked copy (COPY_PREPARING, nothing counted), then signs that copy, never the original", async () => {
    const r = prng(21);
    const weights = Float32Array.from({ length: 64 * 32 }, () => r() - 0.5);
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: "g",
        initializer: [{ name: "w", dims: [64, 32], dataType: 1, rawData: new Uint8Array(weights.buffer) }],
      },
    }).finish();
    const { model, version } = await createDownloadableModel(modelIds, [{ path: "model.onnx", bytes }]);
    await db.model.update({ where: { id: model.id }, data: { playgroundEnabled: true, fingerprinting: true } });
    const original = version.files[0]!;
    await db.modelFile.update({ where: { id: original.id }, data: { inspection } });
    const { user, caller, grant } = await createGrantee(model);

    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const e = await refusal(startPlaygroundSession(caller, refOf(model), {}, meta));
    expect([e.code, e.status, e.retryAfterSeconds]).toEqual(["COPY_PREPARING", 503, 15]);
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);

    expect(await makeCopies({ payload: { grantId: grant.id, versionId: version.id } })).toEqual({
      made: 1,
      unmarked: 0,
    });
    const copy = await db.fingerprintCopy.findUniqueOrThrow({
      where: { grantId_fileId: { grantId: grant.id, fileId: original.id } },
    });
    const session = await startPlaygroundSession(caller, refOf(model), {}, meta);
    const [file] = session.files;
    expect(file).toMatchObject({ path: "model.onnx", kind: "onnx", sha256: copy.sha256, size: Number(copy.size) });
    expect(copy.sha256).not.toBe(original.sha256);
    expect(decodeURIComponent(new URL(file!.url).pathname)).toContain(copy.storageKey!);
    const got = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
    expect(createHash("sha256").update(got).digest("hex")).toBe(copy.sha256);
    const events = await db.downloadEvent.findMany({ where: { userId: user.id } });
    expect(events.map((ev) => [ev.fileId, ev.requestId, ev.channel])).toEqual([[original.id, grant.id, "PLAYGROUND"]]);
  });
});
