import { describe, expect, it } from "vitest";
import { matchesAny } from "./glob";

const paths = [
  "config.json",
  "model.safetensors",
  "onnx/model.onnx",
  "onnx/model_quantized.onnx",
  "tokenizer/vocab.txt",
  "a.b/c.safetensors",
];
const pick = (...globs: string[]) => paths.filter((p) => matchesAny(p, globs));

describe("--include globs", () => {
  it("no glob takes every file", () => expect(pick()).toEqual(paths));
  it("a pattern without / matches base names at any depth", () =>
    expect(pick("*.safetensors")).toEqual(["model.safetensors", "a.b/c.safetensors"]));
  it("* stays in one segment, ** crosses them", () => {
    expect(pick("onnx/*")).toEqual(["onnx/model.onnx", "onnx/model_quantized.onnx"]);
    expect(pick("*/vocab.txt")).toEqual(["tokenizer/vocab.txt"]);
    expect(pick("**/*.onnx")).toEqual(["onnx/model.onnx", "onnx/model_quantized.onnx"]);
    expect(pick("o*")).toEqual([]);
  });
  it("? is one character, {a,b} alternatives, dots are literal, several globs add up", () => {
    expect(pick("model.?nnx")).toEqual(["onnx/model.onnx"]);
    expect(pick("{config,model}.*")).toEqual(["config.json", "model.safetensors", "onnx/model.onnx"]);
    expect(pick("config.json", "tokenizer/**")).toEqual(["config.json", "tokenizer/vocab.txt"]);
    expect(pick("configxjson")).toEqual([]);
  });
});
