import { describe, expect, it } from "vitest";
import type { AppError } from "@/lib/errors";
import { createGatedModel, createResearcher, createPublishedVersion, putFile } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";
import { getFileInspections } from "./get-file-inspections";

const { modelIds } = trackTestRows();

const onnx = {
  kind: "onnx",
  schemaVersion: 1,
  irVersion: 8,
  producer: { name: "p", version: "1" },
  opsets: [{ domain: "", version: 17 }],
  inputs: [],
  outputs: [],
  parameterCount: 10,
  externalDataFiles: [],
  nodeCount: 1,
  opTypes: ["Add"],
  metadata: {},
};

const arrange = async (visibility: "PUBLIC" | "PRIVATE") => {
  const model = await createGatedModel({ visibility });
  modelIds.push(model.id);
  const version = await createPublishedVersion(model.id, []);
  const file = (path: string, status: "READY" | "VERIFYING", inspection?: Record<string, unknown>) =>
    putFile(version, {
      path,
      size: 1,
      sha256: null,
      storageKey: `test/${version.commitSha}/${path}`,
      status,
      inspection,
    });
  await file("b.onnx", "READY", onnx);
  await file("a.safetensors", "READY", { kind: "safetensors", schemaVersion: 1, error: "the header length is 0" });
  await file("c.onnx", "READY", { kind: "onnx", schemaVersion: 99, whatever: true });
  await file("d.onnx", "READY");
  await file("e.onnx", "VERIFYING", onnx);
  return model;
};

describe("getFileInspections", () => {
  it("lists the READY files' valid inspections by path, for anyone who may see the model (anonymous included)", async () => {
    const model = await arrange("PUBLIC");
    expect(await getFileInspections(null, { org: model.org, name: model.name })).toEqual([
      { path: "a.safetensors", inspection: { kind: "safetensors", schemaVersion: 1, error: "the header length is 0" } },
      { path: "b.onnx", inspection: onnx },
    ]);
  });

  it("a private model is NOT_FOUND for a researcher, visible to an admin", async () => {
    const model = await arrange("PRIVATE");
    const { caller } = await createResearcher();
    const error = (await getFileInspections(caller, { org: model.org, name: model.name }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect([error.code, error.status]).toEqual(["NOT_FOUND", 404]);
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    expect(await getFileInspections(admin, { org: model.org, name: model.name })).toHaveLength(2);
  });
});
