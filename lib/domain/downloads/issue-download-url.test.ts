import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { TDownloadMeta } from "@/lib/schemas/downloads";
import { contentDisposition } from "@/lib/storage/presign-get";
import {
  createGrantee,
  createDownloadableModel,
  createVersionWithFiles,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import {
  createAcceptance,
  createLicenseVersion,
  createRequest,
  createResearcher,
  daysFromNow,
  uid,
} from "@/lib/testing/factories";
import { recomputeSignature } from "@/lib/testing/recompute-sigv4";
import { issueDownloadUrl } from "./issue-download-url";
import { createDownloadRateLimiter } from "./rate-limit-downloads";

const modelIds = trackDownloadModels();
const meta: TDownloadMeta = { channel: "CLI", ip: "203.0.113.7", ipSource: "socket", userAgent: "weights-cli/1.0" };
const ref = (model: { org: string; name: string }, path: string, revision?: string) => ({
  org: model.org,
  name: model.name,
  path,
  revision,
});

/** The error a call throws (it must throw). */
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).not.toBeNull();
  return e as AppError;
};

describe("issueDownloadUrl: a granted caller", () => {
  it("gets a URL for exactly that object, signed correctly for the TTL, that serves the bytes as an attachment; the event and audit row record it", async () => {
    const bytes = randomBytes(70_000);
    const { model, version } = await createDownloadableModel(modelIds, [
      { path: "onnx/model “q”.onnx", bytes },
      { path: "config.json" },
    ]);
    const { user, caller, grant } = await createGrantee(model);
    const before = Date.now();

    const issued = await issueDownloadUrl(caller, ref(model, "onnx/model “q”.onnx"), meta);

    const file = version.files.find((f) => f.path === "onnx/model “q”.onnx");
    if (!file) throw new Error("fixture has the file");
    expect(issued.file).toEqual({
      path: "onnx/model “q”.onnx",
      size: 70_000,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(issued.revision).toEqual({ name: "v1", commitSha: version.commitSha });

    // The URL: one object (the file's key), the TTL, the disposition, a signature we can reproduce.
    const url = new URL(issued.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/${env.S3_BUCKET}/${file.storageKey}`);
    expect(file.storageKey).toBe(`models/${model.id}/${version.commitSha}/onnx/model “q”.onnx`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe(String(env.DOWNLOAD_URL_TTL_SECONDS));
    expect(url.searchParams.get("response-content-disposition")).toBe(contentDisposition("model “q”.onnx"));
    const signature = await recomputeSignature(issued.url, {
      endpoint: env.S3_ENDPOINT as string,
      bucket: env.S3_BUCKET,
      key: file.storageKey,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID as string,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY as string,
      expiresIn: env.DOWNLOAD_URL_TTL_SECONDS,
      query: {
        "response-content-disposition": contentDisposition("model “q”.onnx"),
        "x-id": "GetObject",
        "x-amz-checksum-mode": "ENABLED",
      },
    });
    expect(url.searchParams.get("X-Amz-Signature")).toBe(signature);
    expect([...url.searchParams.keys()].sort()).toEqual(
      [
        "X-Amz-Algorithm",
        "X-Amz-Content-Sha256",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-Signature",
        "X-Amz-SignedHeaders",
        "response-content-disposition",
        "x-amz-checksum-mode",
        "x-id",
      ].sort(),
    );

    // expiresAt is what S3 enforces: X-Amz-Date + TTL.
    expect(issued.expiresAt.getTime()).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + env.DOWNLOAD_URL_TTL_SECONDS * 1000,
    );
    expect(issued.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + env.DOWNLOAD_URL_TTL_SECONDS * 1000);

    const res = await fetch(issued.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="model _q_.onnx"; filename\*=UTF-8''model%20%E2%80%9Cq%E2%80%9D\.onnx$/,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const events = await db.downloadEvent.findMany({ where: { userId: user.id } });
    expect(events).toEqual([
      {
        id: expect.any(String),
        userId: user.id,
        modelId: model.id,
        versionId: version.id,
        fileId: file.id,
        requestId: grant.id,
        channel: "CLI",
        ip: "203.0.113.7",
        ipSource: "socket",
        userAgent: "weights-cli/1.0",
        issuedAt: expect.any(Date),
        urlExpiresAt: issued.expiresAt,
        countsTowardQuota: true,
      },
    ]);
    const audit = await db.auditEvent.findMany({ where: { actorId: user.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "download.issued",
      modelId: model.id,
      targetType: "DownloadEvent",
      targetId: events[0]?.id,
      data: {
        fileId: file.id,
        path: file.path,
        versionId: version.id,
        commitSha: version.commitSha,
        channel: "CLI",
        requestId: grant.id,
        urlExpiresAt: issued.expiresAt.toISOString(),
        via: "file",
      },
    });
    // The audit log holds no URL and no signature.
    expect(JSON.stringify(audit[0]?.data)).not.toContain("X-Amz");
  });

  it("resolves `main`, no revision, the version name and the commit id to the same published version; older versions too", async () => {
    const { model, version } = await createDownloadableModel(modelIds, [{ path: "a.bin" }]);
    const old = await createVersionWithFiles(model.id, [{ path: "a.bin" }], { name: "v0", latest: false });
    const { caller } = await createGrantee(model);
    for (const revision of [undefined, "main", "v1", version.commitSha]) {
      const issued = await issueDownloadUrl(caller, ref(model, "a.bin", revision), meta);
      expect(issued.revision.commitSha).toBe(version.commitSha);
    }
    for (const revision of ["v0", old.commitSha]) {
      const issued = await issueDownloadUrl(caller, ref(model, "a.bin", revision), meta);
      expect(issued.revision).toEqual({ name: "v0", commitSha: old.commitSha });
      expect(issued.file.sha256).toBe(old.files[0]?.sha256);
    }
  });

  it("on an OPEN model needs only the current license accepted, and records no grant", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "w.onnx" }], { gating: "OPEN" });
    const { user, caller } = await createResearcher();
    expect((await refusal(issueDownloadUrl(caller, ref(model, "w.onnx"), meta))).code).toBe("LICENSE_NOT_ACCEPTED");
    await createAcceptance(user.id, model.licenseVersion);
    await issueDownloadUrl(caller, ref(model, "w.onnx"), { ...meta, channel: "HF" });
    expect(
      await db.downloadEvent.findMany({ where: { userId: user.id }, select: { requestId: true, channel: true } }),
    ).toEqual([{ requestId: null, channel: "HF" }]);
  });
});

describe("issueDownloadUrl: refusals write nothing", () => {
  type Case = {
    name: string;
    code: string;
    status: number;
    setup: () => Promise<{
      caller: Parameters<typeof issueDownloadUrl>[0];
      userId: string | null;
      model: { id: string; org: string; name: string };
      path?: string;
      revision?: string;
      limiter?: ReturnType<typeof createDownloadRateLimiter>;
    }>;
  };
  const withUser = async (gating: "MANUAL" | "OPEN" = "MANUAL", visibility: "PUBLIC" | "PRIVATE" = "PUBLIC") => {
    const { model } = await createDownloadableModel(
      modelIds,
      [{ path: "w.bin" }, { path: "pending.bin", status: "VERIFYING" }, { path: "bad.bin", status: "FAILED" }],
      { gating, visibility },
    );
    const { user, caller } = await createResearcher();
    return { model, user, caller };
  };
  const cases: Case[] = [
    {
      name: "anonymous",
      code: "SIGN_IN_REQUIRED",
      status: 401,
      setup: async () => ({ ...(await withUser()), caller: null, userId: null }),
    },
    {
      name: "no request",
      code: "REQUEST_REQUIRED",
      status: 403,
      setup: async () => {
        const { model, user, caller } = await withUser();
        await createAcceptance(user.id, model.licenseVersion);
        return { model, caller, userId: user.id };
      },
    },
    ...(["PENDING", "REJECTED", "EXPIRED", "REVOKED"] as const).map((status) => ({
      name: `${status === "EXPIRED" ? "an" : "a"} ${status.toLowerCase()} request`,
      code: {
        PENDING: "REQUEST_PENDING",
        REJECTED: "REQUEST_REJECTED",
        EXPIRED: "GRANT_EXPIRED",
        REVOKED: "GRANT_REVOKED",
      }[status],
      status: 403,
      setup: async () => {
        const { model, user, caller } = await withUser();
        await createRequest({
          userId: user.id,
          modelId: model.id,
          status,
          revokedAt: status === "REVOKED" ? new Date() : null,
          expiresAt: status === "EXPIRED" ? daysFromNow(-1) : null,
        });
        await createAcceptance(user.id, model.licenseVersion);
        return { model, caller, userId: user.id };
      },
    })),
    {
      name: "an approved grant past its end date (not yet marked expired by the worker)",
      code: "GRANT_EXPIRED",
      status: 403,
      setup: async () => {
        const { model, user, caller } = await withUser();
        await createRequest({
          userId: user.id,
          modelId: model.id,
          status: "APPROVED",
          expiresAt: new Date(Date.now() - 1000),
        });
        await createAcceptance(user.id, model.licenseVersion);
        return { model, caller, userId: user.id };
      },
    },
    {
      name: "a license accepted in an older version only",
      code: "LICENSE_NOT_ACCEPTED",
      status: 403,
      setup: async () => {
        const { model, user, caller } = await withUser();
        await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED", expiresAt: daysFromNow(10) });
        await createAcceptance(user.id, model.licenseVersion);
        const newer = await createLicenseVersion({ version: "2.0" });
        await db.model.update({ where: { id: model.id }, data: { currentLicenseVersionId: newer.id } });
        return { model, caller, userId: user.id };
      },
    },
    {
      name: "another's private model (even with a grant row)",
      code: "NOT_FOUND",
      status: 404,
      setup: async () => {
        const { model, user, caller } = await withUser("MANUAL", "PRIVATE");
        await createRequest({ userId: user.id, modelId: model.id, status: "APPROVED", expiresAt: daysFromNow(10) });
        await createAcceptance(user.id, model.licenseVersion);
        return { model, caller, userId: user.id };
      },
    },
    ...[
      { name: "an unknown revision", revision: "v9", code: "NOT_FOUND", status: 404 },
      { name: "an unknown commit id", revision: "f".repeat(40), code: "NOT_FOUND", status: 404 },
      { name: "a draft revision", revision: "draft", code: "NOT_FOUND", status: 404 },
      { name: "an unknown path", path: "nope.bin", code: "NOT_FOUND", status: 404 },
      { name: "a path of another revision only", path: "only-in-draft.bin", code: "NOT_FOUND", status: 404 },
      { name: "a file still verifying", path: "pending.bin", code: "FILE_NOT_READY", status: 403 },
      { name: "a file that failed verification", path: "bad.bin", code: "FILE_NOT_READY", status: 403 },
    ].map((c) => ({
      ...c,
      setup: async () => {
        const { model } = await withUser();
        await createVersionWithFiles(model.id, [{ path: "only-in-draft.bin" }], {
          name: "draft",
          status: "DRAFT",
          latest: false,
        });
        const { caller, user } = await createGrantee(model);
        return { model, caller, userId: user.id, path: c.path, revision: c.revision };
      },
    })),
    {
      name: "over the rate limit",
      code: "RATE_LIMITED",
      status: 429,
      setup: async () => {
        const { model } = await withUser();
        const { caller, user } = await createGrantee(model);
        const limiter = createDownloadRateLimiter({ points: 2, keyPrefix: `t-${uid()}` });
        await issueDownloadUrl(caller, ref(model, "w.bin"), meta, { limiter });
        await issueDownloadUrl(caller, ref(model, "w.bin"), meta, { limiter });
        return { model, caller, userId: user.id, limiter };
      },
    },
  ];

  it.each(cases)("$name → $code", async ({ code, status, setup }) => {
    const { caller, userId, model, path = "w.bin", revision, limiter } = await setup();
    const before = await downloadSnapshot({ userId, modelId: model.id });
    const e = await refusal(issueDownloadUrl(caller, ref(model, path, revision), meta, { limiter }));
    expect(e).toBeInstanceOf(AppError);
    expect({ code: e.code, status: e.status }).toEqual({ code, status });
    if (code === "RATE_LIMITED") expect(e.retryAfterSeconds).toBeGreaterThan(0);
    if (status === 403 || status === 401) expect(e.action).toMatch(/^\/(models|account|sign-in)/);
    expect(await downloadSnapshot({ userId, modelId: model.id })).toEqual(before);
  });

  it("checks the gate before the revision and file: an ungranted caller learns nothing about them", async () => {
    const { model, user, caller } = await withUser();
    await createAcceptance(user.id, model.licenseVersion);
    for (const r of [ref(model, "nope.bin"), ref(model, "w.bin", "v9"), ref(model, "pending.bin")])
      expect((await refusal(issueDownloadUrl(caller, r, meta))).code).toBe("REQUEST_REQUIRED");
  });

  it("does not charge the rate limit for a refused file", async () => {
    const { model } = await withUser();
    const { caller } = await createGrantee(model);
    const limiter = createDownloadRateLimiter({ points: 1, keyPrefix: `t-${uid()}` });
    for (const path of ["pending.bin", "bad.bin", "nope.bin"])
      await refusal(issueDownloadUrl(caller, ref(model, path), meta, { limiter }));
    await issueDownloadUrl(caller, ref(model, "w.bin"), meta, { limiter });
    expect((await refusal(issueDownloadUrl(caller, ref(model, "w.bin"), meta, { limiter }))).code).toBe("RATE_LIMITED");
  });

  it("tells anonymous callers to sign in before validating what they sent; signed-in callers get field errors", async () => {
    const { model, user, caller } = await withUser();
    const bad = { org: model.org, name: model.name, path: "a\u0000b" };
    expect((await refusal(issueDownloadUrl(null, bad, meta))).code).toBe("SIGN_IN_REQUIRED");
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    expect(await refusal(issueDownloadUrl(caller, bad, meta))).toBeInstanceOf(ZodError);
    expect(
      await refusal(issueDownloadUrl(caller, ref(model, "w.bin"), { ...meta, channel: "FTP" as "WEB" })),
    ).toBeInstanceOf(ZodError);
    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
  });
});
