import { describe, expect, it } from "vitest";
import {
  createDownloadableModel,
  createVersionWithFiles,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { listRevisionFiles } from "./list-revision-files";
import { expectAppError } from "@/lib/testing/expect-app-error";

const modelIds = trackDownloadModels();
const refOf = (m: { org: string; name: string }) => ({ org: m.org, name: m.name });

describe("listRevisionFiles", () => {
  it("lists a published revision's files in path order for anyone who sees the model, by name, main or commit id, writing nothing", async () => {
    const { model, version } = await createDownloadableModel(modelIds, [
      { path: "z.bin" },
      { path: "B/x.json" },
      { path: "late.bin", status: "VERIFYING" },
      { path: "a.onnx" },
    ]);
    const before = await downloadSnapshot({ userId: null, modelId: model.id });

    const listed = await listRevisionFiles(null, { ...refOf(model), revision: "v1" });
    expect(listed.model).toEqual({ slug: model.slug });
    expect(listed.revision).toEqual({ name: "v1", commitSha: version.commitSha });
    expect(listed.files.map((f) => f.path)).toEqual(["B/x.json", "a.onnx", "late.bin", "z.bin"]);
    for (const f of listed.files) {
      const row = version.files.find((r) => r.path === f.path);
      expect(f).toEqual({ path: row?.path, size: Number(row?.size), sha256: row?.sha256 ?? null, status: row?.status });
    }
    expect(listed.files.find((f) => f.path === "late.bin")).toMatchObject({ sha256: null, status: "VERIFYING" });

    const { caller } = await createResearcher({ complete: false });
    expect(await listRevisionFiles(caller, { ...refOf(model), revision: "main" })).toEqual(listed);
    expect(await listRevisionFiles(caller, { ...refOf(model), revision: version.commitSha })).toEqual(listed);
    expect(await downloadSnapshot({ userId: null, modelId: model.id })).toEqual(before);
  });

  it("answers 404 for a private model (but not to admins), an unknown revision and a draft", async () => {
    const { model: hidden } = await createDownloadableModel(modelIds, [{ path: "w.bin" }], { visibility: "PRIVATE" });
    const { caller } = await createResearcher();
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    await expectAppError(listRevisionFiles(null, { ...refOf(hidden), revision: "v1" }), "NOT_FOUND");
    await expectAppError(listRevisionFiles(caller, { ...refOf(hidden), revision: "v1" }), "NOT_FOUND");
    expect((await listRevisionFiles(admin, { ...refOf(hidden), revision: "v1" })).files.map((f) => f.path)).toEqual([
      "w.bin",
    ]);

    const { model } = await createDownloadableModel(modelIds, [{ path: "w.bin" }]);
    await createVersionWithFiles(model.id, [{ path: "draft.bin" }], { name: "v2", status: "DRAFT", latest: false });
    await expectAppError(listRevisionFiles(caller, { ...refOf(model), revision: "v2" }), "NOT_FOUND", {
      userMessage: "No such revision.",
    });
    await expectAppError(listRevisionFiles(caller, { ...refOf(model), revision: "v9" }), "NOT_FOUND");
    await expect(listRevisionFiles(caller, { ...refOf(model), revision: "bad\u0001" })).rejects.toMatchObject({
      name: "ZodError",
    });
  });
});
