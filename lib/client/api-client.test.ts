import { afterEach, describe, expect, it, vi } from "vitest";
import { api, modelRef, operationUrl } from "./api-client";

afterEach(() => vi.unstubAllGlobals());

describe("the typed API client", () => {
  it("fills the registry's path: one segment per parameter, a catch-all path keeps its slashes", () => {
    expect(operationUrl({ path: "/api/v1/me/tokens/{id}" }, { id: "a b" })).toBe("/api/v1/me/tokens/a%20b");
    expect(
      operationUrl(
        { path: "/api/v1/admin/models/{org}/{name}/versions/{version}/files/{path}" },
        { org: "acme", name: "m", version: "v1", path: "dir/w #1.onnx" },
      ),
    ).toBe("/api/v1/admin/models/acme/m/versions/v1/files/dir/w%20%231.onnx");
    expect(modelRef("acme/tiny-model")).toEqual({ org: "acme", name: "tiny-model" });
  });

  it("sends the operation's method and JSON body to its URL, and answers the error body on refusal", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({ error: { code: "LIMIT_REACHED", message: "Too many." } }, { status: 409 }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const result = await api("setReviewerNotification", { params: modelRef("acme/m"), body: { mode: "NONE" } });
    expect(fetchMock).toHaveBeenCalledWith("/api/v1/review/models/acme/m/notifications", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ mode: "NONE" }),
    });
    expect(result).toEqual({ ok: false, error: { code: "LIMIT_REACHED", message: "Too many." } });
  });

  it("reads a success answer through the operation's schema: dates become dates, a drifted answer is an error", async () => {
    const session = {
      model: { slug: "acme/m", title: "M", task: "image-classification" },
      revision: { name: "v1", commitSha: "a".repeat(40) },
      files: [
        {
          path: "model.onnx",
          kind: "onnx",
          size: 68,
          sha256: "b".repeat(64),
          url: "http://127.0.0.1:9000/bucket/model.onnx?X-Amz-Signature=x",
          expiresAt: "2026-12-07T12:00:00.000Z",
          inspection: null,
          externalData: [],
        },
      ],
      maxBytes: 1024,
    };
    vi.stubGlobal("fetch", async () => Response.json(session, { status: 201 }));
    const result = await api("startPlaygroundSession", { params: modelRef("acme/m"), body: {} });
    if (!result.ok) throw new Error(`expected the session, got ${result.error.code}`);
    expect(result.data.files[0]?.expiresAt).toEqual(new Date("2026-12-07T12:00:00.000Z"));

    vi.stubGlobal("fetch", async () => Response.json({ ...session, files: [] }, { status: 201 }));
    expect(await api("startPlaygroundSession", { params: modelRef("acme/m"), body: {} })).toEqual({
      ok: false,
      error: { code: "UNEXPECTED_ANSWER", message: expect.stringMatching(/not what this page expects/) },
    });
  });
});
