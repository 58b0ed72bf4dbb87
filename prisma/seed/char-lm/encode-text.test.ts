import { describe, expect, it } from "vitest";
import { buildVocab } from "./build-vocab";
import { encodeText } from "./encode-text";
import { normalizeText } from "./normalize-text";

describe("normalizeText", () => {
  it("lowercases and maps typographic punctuation and accents to ASCII", () => {
    expect(normalizeText("\u201cCaf\u00e9\u201d \u2014 it\u2019s\u2026\r\nOK")).toBe('"cafe" - it\'s...\nok');
  });
});

describe("buildVocab / encodeText", () => {
  const vocab = buildVocab(["Hello, World!\nHello again."]);

  it("keeps only allowed characters that occur, sorted, plus pad and fallback", () => {
    expect(vocab.chars).toEqual(["\n", " ", "!", ",", ".", "a", "d", "e", "g", "h", "i", "l", "n", "o", "r", "w"]);
    expect(vocab.chars[vocab.padId]).toBe("\n");
    expect(vocab.chars[vocab.fallbackId]).toBe(" ");
  });

  it("is independent of the order of the texts", () => {
    expect(buildVocab(["b a", "c"]).chars).toEqual(buildVocab(["c", "b a"]).chars);
  });

  it("maps unknown characters, including astral ones, to a single fallback id each", () => {
    // The emoji is two UTF-16 code units but one character. "z" and "#" are not in this vocab.
    const ids = encodeText(vocab, "Hi\u{1F600}z#!");
    expect(ids).toHaveLength(6);
    expect(ids.map((id) => vocab.chars[id]).join("")).toBe("hi   !");
  });
});
