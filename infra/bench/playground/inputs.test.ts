import { describe, expect, it } from "vitest";
import { buildAnswersSchema, ZFormDefinition } from "@/lib/schemas/access-form";
import { encodePrompt, readCharModel } from "@/lib/playground/char-lm";
import type { TOnnxInspection } from "@/lib/schemas/inspection";
import { BENCH_PROMPT, benchFeeds, formAnswers } from "./inputs";

const inspection = (
  inputs: TOnnxInspection["inputs"],
  outputs: TOnnxInspection["outputs"],
  metadata: Record<string, string> = {},
): TOnnxInspection => ({
  kind: "onnx",
  schemaVersion: 1,
  irVersion: 8,
  producer: { name: "test", version: "1" },
  opsets: [{ domain: "", version: 17 }],
  inputs,
  outputs,
  parameterCount: 0,
  externalDataFiles: [],
  nodeCount: 1,
  opTypes: [],
  metadata,
});

describe("benchFeeds", () => {
  it("feeds the char model one generation step: the prompt's last context window as int64 ids", () => {
    const chars = [..." abcdefghijklmnopqrstuvwxyz"];
    const i = inspection(
      [{ name: "ids", type: "int64", shape: [1, 8] }],
      [{ name: "logits", type: "float32", shape: [1, chars.length] }],
      {
        vocab: JSON.stringify(chars),
        context_length: "8",
        pad_id: "0",
        fallback_id: "0",
      },
    );
    const [feed, ...rest] = benchFeeds("text-generation", i);
    const model = readCharModel(i);
    if ("error" in model) throw new Error(model.error);
    expect(rest).toEqual([]);
    expect(feed).toEqual({
      name: "ids",
      type: "int64",
      dims: [1, 8],
      data: encodePrompt(model, BENCH_PROMPT).slice(-8),
    });
  });

  it("feeds Silero VAD a 512-sample chunk at 16 kHz with a zero state", () => {
    const i = inspection(
      [
        { name: "input", type: "float32", shape: [null, null] },
        { name: "state", type: "float32", shape: [2, null, 128] },
        { name: "sr", type: "int64", shape: [] },
      ],
      [{ name: "output", type: "float32", shape: [null, 1] }],
    );
    const [input, state, sr] = benchFeeds("voice-activity-detection", i);
    expect(input).toMatchObject({ name: "input", type: "float32", dims: [1, 512] });
    expect(input!.data).toHaveLength(512);
    expect(input!.data.some((x) => x !== 0)).toBe(true);
    expect(state).toMatchObject({ dims: [2, 1, 128] });
    expect(state!.data.every((x) => x === 0)).toBe(true);
    expect(sr).toEqual({ name: "sr", type: "int64", dims: [], data: [16_000] });
  });

  it("feeds the PP-OCR classifier one 48×192 image in [-1, 1], the same on every call", () => {
    const i = inspection(
      [{ name: "x", type: "float32", shape: ["n", 3, "h", "w"] }],
      [{ name: "y", type: "float32", shape: ["n", 2] }],
    );
    const [x] = benchFeeds("image-classification", i);
    expect(x!.dims).toEqual([1, 3, 48, 192]);
    expect(x!.data).toHaveLength(3 * 48 * 192);
    expect(x!.data.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(benchFeeds("image-classification", i)).toEqual([x]);
  });

  it("gives any other model the generic widget's random feeds, free dimensions 1", () => {
    const [f] = benchFeeds(
      "other",
      inspection([{ name: "a", type: "float32", shape: ["batch", 4] }], [{ name: "b", type: "float32", shape: null }]),
    );
    expect(f).toMatchObject({ name: "a", dims: [1, 4] });
  });
});

describe("formAnswers", () => {
  it("answers every required question validly and leaves the optional ones out", () => {
    const definition = ZFormDefinition.parse([
      { name: "purpose", type: "textarea", label: "Purpose", required: true, maxLength: 10 },
      { name: "field", type: "select", label: "Field", required: true, options: ["NLP", "Other"] },
      { name: "topics", type: "multiselect", label: "Topics", required: true, options: ["a", "b"] },
      { name: "agree", type: "checkbox", label: "Agree", required: true },
      { name: "country", type: "country", label: "Country", required: true },
      { name: "start", type: "date", label: "Start", required: true },
      { name: "site", type: "url", label: "Site", required: true },
      { name: "paper", type: "url", label: "Paper", required: false },
    ]);
    const answers = formAnswers(definition, new Date("2030-01-02T10:00:00Z"));
    expect(buildAnswersSchema(definition).safeParse(answers).success).toBe(true);
    expect(answers).not.toHaveProperty("paper");
    expect(answers).toMatchObject({
      purpose: "Benchmarki",
      field: "NLP",
      topics: ["a"],
      agree: true,
      start: "2030-01-02",
    });
  });
});
