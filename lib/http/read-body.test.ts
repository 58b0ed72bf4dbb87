import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { findControlCharacters, hasControlCharacters } from "@/lib/schemas/text";
import { readBodyText, readJson } from "./read-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x.test/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A body of `total` bytes streamed in 64 KiB chunks with no Content-Length, counting what was pulled. */
const stream = (total: number) => {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled };
};

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)),
  );

describe("readJson", () => {
  it("reads JSON up to the cap", async () => {
    expect(await readJson(post(JSON.stringify({ a: "line\nnext\ttab\r\n" })), 100)).toEqual({
      a: "line\nnext\ttab\r\n",
    });
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const { body, pulled } = stream(10 * 1024 ** 2);
    expect(await codeOf(readJson(post(body, { "content-length": String(10 * 1024 ** 2) }), 1024 ** 2))).toBe(
      "413 PAYLOAD_TOO_LARGE",
    );
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("stops reading a chunked body at the cap", async () => {
    const { body, pulled } = stream(50 * 1024 ** 2);
    expect(await codeOf(readJson(post(body), 1024 ** 2))).toBe("413 PAYLOAD_TOO_LARGE");
    expect(pulled.bytes).toBeLessThan(2 * 1024 ** 2);
  });

  it("keeps memory flat under 50 parallel oversized posts", async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => codeOf(readJson(post(stream(20 * 1024 ** 2).body), 1024 ** 2))),
    );
    const grown = process.memoryUsage().rss - before;
    console.log(`RSS grew by ${(grown / 1024 ** 2).toFixed(1)} MiB over 50 posts of 20 MiB (1,000 MiB offered)`);
    expect(new Set(results)).toEqual(new Set(["413 PAYLOAD_TOO_LARGE"]));
    // Reading them whole would take 1,000 MiB; the cap keeps it near 50 × 1 MiB.
    expect(grown).toBeLessThan(300 * 1024 ** 2);
  });

  it.each([
    ["not JSON", "{", "400 BAD_REQUEST"],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "400 BAD_REQUEST"],
    ["a NUL in a value", '{"a":"x\\u0000"}', "422 VALIDATION_FAILED"],
    ["a NUL in a key", '{"a\\u0000":1}', "422 VALIDATION_FAILED"],
    ["an escape in a nested array", '{"a":[{"b":"\\u001b[31m"}]}', "422 VALIDATION_FAILED"],
    ["a bare CR", '{"a":"x\\ry"}', "422 VALIDATION_FAILED"],
    ["a Content-Length that is not a number", ["{}", { "content-length": "12a" }], "400 BAD_REQUEST"],
  ])("refuses %s", async (_, body, expected) => {
    const req = Array.isArray(body)
      ? post(body[0] as string, body[1] as Record<string, string>)
      : post(body as BodyInit);
    expect(await codeOf(readJson(req, 1024))).toBe(expected);
  });

  it("reads form text with the same cap", async () => {
    expect(await readBodyText(post("paths=a&paths=b"), 100)).toBe("paths=a&paths=b");
    expect(await codeOf(readBodyText(post("x".repeat(101)), 100))).toBe("413 PAYLOAD_TOO_LARGE");
  });
});

describe("the control-character rule", () => {
  it("refuses C0 and DEL on one line, allows tab and newline in multi-line text", () => {
    for (const c of ["\u0000", "\u0001", "\t", "\n", "\r", "\u001f", "\u007f"])
      expect(hasControlCharacters(`a${c}b`)).toBe(true);
    expect(hasControlCharacters("Zoë — ok ✓")).toBe(false);
    for (const ok of ["a\tb", "a\nb", "a\r\nb"]) expect(hasControlCharacters(ok, true)).toBe(false);
    for (const bad of ["a\u0000b", "a\rb", "a\u000bb", "a\u007fb"]) expect(hasControlCharacters(bad, true)).toBe(true);
  });

  it("names the first offending path in a JSON value", () => {
    expect(findControlCharacters({ a: { b: ["ok", "x\u0000"] } })).toBe("a.b.1");
    expect(findControlCharacters({ ok: "line\nline" })).toBeUndefined();
  });
});
