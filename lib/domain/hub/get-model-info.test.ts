import { describe, expect, it } from "vitest";
import { createDownloadableModel, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { getModelInfo, hubGated } from "./get-model-info";
import { HubNotFound } from "./hub-error";

const modelIds = trackDownloadModels();

describe("getModelInfo", () => {
  it("gives id, sha of the revision, gated, private and siblings (with size and LFS info when blobs is asked)", async () => {
    const { model, version } = await createDownloadableModel(
      modelIds,
      [
        { path: "config.json", bytes: new Uint8Array(12) },
        { path: "x.onnx", status: "VERIFYING" },
      ],
      { gating: "MANUAL" },
    );
    const { caller } = await createResearcher();
    const info = await getModelInfo(caller, { org: model.org, name: model.name, rev: "HEAD" });
    expect(info).toMatchObject({
      _id: model.id,
      id: `${model.org}/${model.name}`,
      author: model.org,
      sha: version.commitSha,
      gated: "manual",
      private: false,
      pipeline_tag: "text-generation",
      downloads: 0,
      siblings: [{ rfilename: "config.json" }],
    });
    expect(info.siblings?.[0]).toEqual({ rfilename: "config.json" });
    const withBlobs = await getModelInfo(
      caller,
      { org: model.org, name: model.name, rev: version.commitSha },
      { blobs: "true" },
    );
    expect(withBlobs.siblings?.[0]).toMatchObject({
      rfilename: "config.json",
      size: 12,
      lfs: { size: 12, pointerSize: expect.any(Number) },
    });
    expect(withBlobs.siblings?.[0]?.lfs?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("returns only _id, id and the expanded keys when expand is given (as @huggingface/hub asks)", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "a.bin" }], { gating: "OPEN" });
    const info = await getModelInfo(
      null,
      { org: model.org, name: model.name, rev: "main" },
      { expand: ["gated", "private", "siblings", "lastModified"] },
    );
    expect(Object.keys(info).sort()).toEqual(["_id", "gated", "id", "lastModified", "private", "siblings"]);
    expect(info.gated).toBe("auto");
  });

  it("maps gating: OPEN and AUTO need a signed-in caller who accepts (the Hub's auto), MANUAL is manual; never false", () => {
    expect([hubGated("OPEN"), hubGated("AUTO"), hubGated("MANUAL")]).toEqual(["auto", "auto", "manual"]);
  });

  it("is RepoNotFound for a private model the caller may not see, RevisionNotFound for an unknown revision", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "a.bin" }], { visibility: "PRIVATE" });
    const { caller } = await createResearcher();
    const e1 = await getModelInfo(caller, { org: model.org, name: model.name, rev: "main" }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(HubNotFound);
    expect((e1 as HubNotFound).hubCode).toBe("RepoNotFound");
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    expect((await getModelInfo(admin, { org: model.org, name: model.name, rev: "main" })).private).toBe(true);
    const e2 = await getModelInfo(admin, { org: model.org, name: model.name, rev: "v9" }).catch((e: unknown) => e);
    expect((e2 as HubNotFound).hubCode).toBe("RevisionNotFound");
  });
});
