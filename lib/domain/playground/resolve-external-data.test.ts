import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { TOnnxInspection } from "@/lib/schemas/inspection";
import { locationPath, resolveExternalData } from "./resolve-external-data";

const inspectionNaming = (externalDataFiles: string[]) => ({ externalDataFiles }) as TOnnxInspection;

describe("locationPath", () => {
  it("resolves a location against the graph's folder, as ONNX Runtime does", () => {
    expect(locationPath("model.onnx", "model.onnx_data")).toBe("model.onnx_data");
    expect(locationPath("onnx/model.onnx", "./weights/w.bin")).toBe("onnx/weights/w.bin");
    expect(locationPath("onnx/decoder.onnx", "../weights.data")).toBe("weights.data");
  });
});

describe("resolveExternalData", () => {
  const ready = [
    { id: "g1", path: "onnx/encoder.onnx" },
    { id: "g2", path: "onnx/decoder.onnx" },
    { id: "d1", path: "onnx/shared.data" },
    { id: "g3", path: "plain.onnx" },
  ];
  it("lists each graph's files by location and path, and each named file once even when two graphs share it", () => {
    const inspections = new Map([
      ["g1", inspectionNaming(["shared.data"])],
      ["g2", inspectionNaming(["./shared.data"])],
      ["g3", null],
    ]);
    const { refs, files } = resolveExternalData(
      "o/m",
      ready.filter((f) => f.path.endsWith(".onnx")),
      inspections,
      ready,
      [],
    );
    expect(refs.get("g1")).toEqual([{ location: "shared.data", path: "onnx/shared.data" }]);
    expect(refs.get("g2")).toEqual([{ location: "./shared.data", path: "onnx/shared.data" }]);
    expect(refs.get("g3")).toEqual([]);
    expect(files.map((f) => f.id)).toEqual(["d1"]);
  });

  it("refuses a named file that is not READY (FILE_NOT_READY) or not in the revision (NOT_FOUND, naming it)", () => {
    const graph = [{ id: "g", path: "model.onnx" }];
    const named = new Map([["g", inspectionNaming(["model.onnx_data"])]]);
    const pending = (() =>
      resolveExternalData("o/m", graph, named, graph, [
        { path: "model.onnx_data", status: "VERIFYING" },
      ])) as () => unknown;
    expect(pending).toThrow(AppError);
    expect(pending).toThrow(expect.objectContaining({ code: "FILE_NOT_READY" }));
    const absent = () => resolveExternalData("o/m", graph, named, graph, []);
    expect(absent).toThrow(
      expect.objectContaining({
        code: "NOT_FOUND",
        userMessage: expect.stringContaining("model.onnx keeps its weights in model.onnx_data"),
      }),
    );
  });
});
