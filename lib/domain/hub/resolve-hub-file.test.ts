import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  createDownloadableModel,
  createGrantee,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { hubErrorBody, hubErrorCode, hubErrorHeaders, toHeaderText } from "./hub-error";
import { resolveHubFile } from "./resolve-hub-file";
import { refusal } from "@/lib/testing/expect-app-error";

const modelIds = trackDownloadModels();
const meta = { ip: "198.51.100.4", userAgent: "huggingface_hub/0.30" };

describe("resolveHubFile", () => {
  it("issues a URL through the gate on the HF channel, with the sha256, size and pointer id, and the bytes behind it", async () => {
    const bytes = randomBytes(3000);
    const { model, version } = await createDownloadableModel(modelIds, [{ path: "onnx/model.onnx", bytes }]);
    const { user, caller } = await createGrantee(model);
    const issued = await resolveHubFile(
      caller,
      { org: model.org, name: model.name, rev: "main", path: "onnx/model.onnx" },
      meta,
    );
    expect(issued.file.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(issued.revision.commitSha).toBe(version.commitSha);
    expect(issued.pointer.oid).toMatch(/^[0-9a-f]{40}$/);
    const events = await db.downloadEvent.findMany({ where: { userId: user.id, modelId: model.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ channel: "HF", ip: meta.ip, userAgent: meta.userAgent });
    const res = await fetch(issued.url, { headers: { Range: "bytes=100-199" } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(100, 200));
  });

  it("refuses without a grant (GatedRepo), and tells missing repository, revision and file apart; none writes anything", async () => {
    const { model } = await createDownloadableModel(modelIds, [
      { path: "a.bin" },
      { path: "b.bin", status: "UPLOADING" },
    ]);
    const { user, caller } = await createResearcher();
    const { caller: grantee, user: granteeUser } = await createGrantee(model);
    const before = await downloadSnapshot({ userId: user.id, modelId: model.id });
    const beforeGrantee = await downloadSnapshot({ userId: granteeUser.id, modelId: model.id });
    const ref = { org: model.org, name: model.name, rev: "main", path: "a.bin" };

    const gated = await refusal(resolveHubFile(caller, ref, meta));
    expect([gated.code, gated.status, hubErrorCode(gated)]).toEqual(["REQUEST_REQUIRED", 403, "GatedRepo"]);
    const anonymous = await refusal(resolveHubFile(null, ref, meta));
    expect([anonymous.code, anonymous.status, hubErrorCode(anonymous)]).toEqual(["SIGN_IN_REQUIRED", 401, "GatedRepo"]);

    expect(hubErrorCode(await refusal(resolveHubFile(grantee, { ...ref, name: "nope" }, meta)))).toBe("RepoNotFound");
    expect(hubErrorCode(await refusal(resolveHubFile(grantee, { ...ref, rev: "v7" }, meta)))).toBe("RevisionNotFound");
    const missing = await refusal(resolveHubFile(grantee, { ...ref, path: "c.bin" }, meta));
    expect([missing.status, hubErrorCode(missing)]).toEqual([404, "EntryNotFound"]);
    const notReady = await refusal(resolveHubFile(grantee, { ...ref, path: "b.bin" }, meta));
    expect([notReady.code, hubErrorCode(notReady)]).toEqual(["FILE_NOT_READY", undefined]);

    expect(await downloadSnapshot({ userId: user.id, modelId: model.id })).toEqual(before);
    expect(await downloadSnapshot({ userId: granteeUser.id, modelId: model.id })).toEqual(beforeGrantee);
  });
});

describe("hubErrorHeaders", () => {
  it("sends the Hub's code and an ASCII message with the absolute next-step URL", () => {
    const e = new AppError("LICENSE_NOT_ACCEPTED", {
      userMessage: "Accept the “Demo” license — v2…",
      action: "/models/a/b/license",
    });
    expect(hubErrorHeaders(e, "http://portal.example")).toEqual({
      "X-Error-Code": "GatedRepo",
      "X-Error-Message": 'Accept the "Demo" license - v2... Next step: http://portal.example/models/a/b/license',
    });
    expect(hubErrorHeaders(new AppError("RATE_LIMITED"), "http://x")).toEqual({ "X-Error-Message": "RATE_LIMITED" });
    expect(toHeaderText("Zürich 東京")).toBe("Zurich ??");
  });
});

describe("hubErrorBody", () => {
  it("is the Hub's string `error` (what its clients print) with our gate code and absolute next step beside it", () => {
    const e = new AppError("GRANT_REVOKED", { userMessage: "Your access was revoked.", action: "/models/a/b/request" });
    expect(hubErrorBody(e, "http://portal.example")).toEqual({
      error: "Your access was revoked. Next step: http://portal.example/models/a/b/request",
      code: "GRANT_REVOKED",
      action: "http://portal.example/models/a/b/request",
    });
    expect(
      hubErrorBody(new AppError("RATE_LIMITED", { userMessage: "Slow down.", retryAfterSeconds: 7 }), "http://x"),
    ).toEqual({
      error: "Slow down.",
      code: "RATE_LIMITED",
      retryAfterSeconds: 7,
    });
  });
});
