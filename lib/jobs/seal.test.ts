import { describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { openJson, sealJson } from "./seal";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const Message = z.object({ subject: z.string(), text: z.string(), html: z.string() });
const message = {
  subject: "Sign in",
  text: "https://example.test/callback?token=abc",
  html: "<a href='x'>Sign in ✓</a>",
};

const flip = (box: string, index: number) => {
  const raw = Buffer.from(box, "base64url");
  raw[index] = (raw[index] ?? 0) ^ 0x01;
  return raw.toString("base64url");
};

describe("sealJson / openJson", () => {
  it("round-trips a value, and the box does not contain the plaintext", () => {
    const box = sealJson(secret, message);
    expect(box).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(box).not.toContain("token");
    expect(Buffer.from(box, "base64url").toString("latin1")).not.toContain("example.test");
    expect(openJson(secret, box, Message)).toEqual(message);
  });

  it("uses a fresh IV each time: the same value seals to different boxes", () => {
    const a = sealJson(secret, message);
    const b = sealJson(secret, message);
    expect(a).not.toBe(b);
    expect(openJson(secret, a, Message)).toEqual(openJson(secret, b, Message));
  });

  it("fails to open with a different secret", () => {
    const box = sealJson(secret, message);
    expect(() => openJson(`${secret}x`, box, Message)).toThrow(/unable to authenticate|auth/i);
  });

  it.each([
    ["the IV", 0],
    ["the auth tag", 12],
    ["the ciphertext", 30],
  ])("fails when %s is tampered with", (_, index) => {
    const box = sealJson(secret, message);
    expect(() => openJson(secret, flip(box, index), Message)).toThrow(/unable to authenticate|auth/i);
  });

  it("fails on a truncated or empty box", () => {
    const box = sealJson(secret, message);
    expect(() => openJson(secret, box.slice(0, -4), Message)).toThrow();
    expect(() => openJson(secret, box.slice(0, 20), Message)).toThrow();
    expect(() => openJson(secret, "", Message)).toThrow();
  });

  it("validates the opened value with the schema", () => {
    const box = sealJson(secret, { subject: "Hi", text: 42 });
    expect(() => openJson(secret, box, Message)).toThrow(ZodError);
    // The schema's output is what comes back: unknown keys are stripped, transforms applied.
    const extra = sealJson(secret, { ...message, token: "leak" });
    expect(openJson(secret, extra, Message)).toEqual(message);
    expect(openJson(secret, sealJson(secret, "  padded "), z.string().trim())).toBe("padded");
  });
});
