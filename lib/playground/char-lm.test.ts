import { describe, expect, it } from "vitest";
import { buildVocab } from "@/prisma/seed/char-lm/build-vocab";
import { generate } from "@/prisma/seed/char-lm/generate";
import type { TOnnxInspection } from "@/lib/schemas/inspection";
import { generateChars, readCharModel, type CharModel } from "./char-lm";

const vocab = buildVocab(["The quick brown fox, jumps over: the lazy dog! 0123 \u201cquoted\u201d caf\u00e9?"]);
const contextLength = 6;

const inspection = (metadata: Record<string, string>): TOnnxInspection => ({
  kind: "onnx",
  schemaVersion: 1,
  irVersion: 8,
  producer: { name: "weights-registry-seed", version: "1" },
  opsets: [{ domain: "", version: 17 }],
  inputs: [{ name: "input_ids", type: "int64", shape: ["batch", contextLength] }],
  outputs: [{ name: "logits", type: "float32", shape: ["batch", vocab.chars.length] }],
  parameterCount: 1,
  externalDataFiles: [],
  nodeCount: 1,
  opTypes: ["Gather"],
  metadata,
});

const seedMetadata = {
  vocab: JSON.stringify(vocab.chars),
  context_length: String(contextLength),
  pad_id: String(vocab.padId),
  fallback_id: String(vocab.fallbackId),
};

/** Logits that depend on the whole context, with ties, so both generators are tested on the same function. */
const logitsOf = (context: ArrayLike<number>) => {
  const ids = Array.from(context);
  return Float32Array.from(
    vocab.chars,
    (_, v) => Math.round(Math.sin(ids.reduce((h, id, i) => h * 31 + id * (i + 1), v + 1)) * 4) / 2,
  );
};

describe("char-lm in the browser", () => {
  it("reads the vocabulary and context length from the seed's metadata_props", () => {
    const model = readCharModel(inspection(seedMetadata)) as CharModel;
    expect(model).toEqual({
      chars: vocab.chars,
      padId: vocab.padId,
      fallbackId: vocab.fallbackId,
      contextLength,
      inputName: "input_ids",
      outputName: "logits",
    });
    expect(readCharModel(inspection({}))).toHaveProperty("error");
    expect(readCharModel(null)).toHaveProperty("error");
  });

  it.each([
    ["greedy", { kind: "greedy" as const }],
    ["top-k", { kind: "top-k" as const, k: 5, temperature: 0.8, seed: 42 }],
  ])("generates exactly what the seed's generate does (%s), streaming each character", async (_, strategy) => {
    const model = readCharModel(inspection(seedMetadata)) as CharModel;
    const prompt = "The \u201cQuick\u201d caf\u00e9 \u2014 fox";
    const expected = await generate({ source: logitsOf, vocab, contextLength, prompt, length: 40, strategy });
    const streamed: string[] = [];
    const got = await generateChars(
      model,
      { prompt, length: 40, strategy },
      async (ctx) => logitsOf(ctx),
      (t) => streamed.push(t),
    );
    expect(got).toBe(expected);
    expect(streamed.join("")).toBe(expected);
    expect(streamed).toHaveLength(40);
  });
});
