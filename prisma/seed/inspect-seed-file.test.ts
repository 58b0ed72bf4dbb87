import { describe, expect, it } from "vitest";
import { ZOnnxInspection } from "@/lib/schemas/inspection";
import { CHAR_MODEL_ARCHITECTURE } from "./char-lm/build-char-model";
import { createCharMlp } from "./char-lm/create-char-mlp";
import { createPrng } from "./char-lm/create-prng";
import { exportCharMlpOnnx } from "./char-lm/export-char-mlp-onnx";
import { demoModels } from "./demo-catalog";
import { inspectSeedFile } from "./inspect-seed-file";

// The char model is trained at seed time (seconds); the same exporter with untrained weights has the same interface.
const fakeCharModel = async () => ({
  onnx: exportCharMlpOnnx(createCharMlp({ vocabSize: 30, ...CHAR_MODEL_ARCHITECTURE }, createPrng(7)), {
    vocab: Array.from({ length: 30 }, (_, i) => `c${i}`),
    padId: 0,
    fallbackId: 1,
    description: "test",
  }),
});

describe("inspectSeedFile", () => {
  it("gives every seeded model file its ONNX inspection (the page shows it without a worker)", async () => {
    const byModel: Record<string, { inputs: string[]; outputs: string[]; opset: number | undefined }> = {};
    for (const model of demoModels(fakeCharModel))
      for (const f of await model.files()) {
        const inspection = ZOnnxInspection.parse(await inspectSeedFile(f.path, f.bytes));
        byModel[`${model.org}/${model.name}/${f.path}`] = {
          inputs: inspection.inputs.map((i) => i.name),
          outputs: inspection.outputs.map((o) => o.name),
          opset: inspection.opsets[0]?.version,
        };
      }
    expect(byModel).toEqual({
      "registry-demo/tiny-char-lm/model.onnx": { inputs: ["input_ids"], outputs: ["logits"], opset: 17 },
      "silero/silero-vad/silero_vad.onnx": {
        inputs: ["input", "state", "sr"],
        outputs: ["output", "stateN"],
        opset: 16,
      },
      "paddlepaddle/ppocr-text-orientation/model.onnx": { inputs: ["x"], outputs: ["softmax_0.tmp_0"], opset: 9 },
    });
  });

  it("stores { kind, error } for a file that does not parse, and nothing for other kinds", async () => {
    expect(await inspectSeedFile("weights.safetensors", new Uint8Array([1, 2]))).toEqual({
      kind: "safetensors",
      schemaVersion: 1,
      error: expect.stringContaining("too short"),
    });
    expect(await inspectSeedFile("README.md", new Uint8Array([1, 2]))).toBeUndefined();
  });
});
