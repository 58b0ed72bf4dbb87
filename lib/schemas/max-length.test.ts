import { describe, expect, it } from "vitest";
import { z } from "zod";
import { maxLengthOf } from "./max-length";
import { ZProfileInput } from "./profile";
import { ZCreateTokenInput } from "./tokens";

describe("maxLengthOf", () => {
  it("reads a string's max through refinements and wrappers", () => {
    expect(maxLengthOf(z.string().trim().max(120).refine(Boolean))).toBe(120);
    expect(
      maxLengthOf(
        z
          .string()
          .max(300)
          .transform((v) => v || null)
          .nullable()
          .optional(),
      ),
    ).toBe(300);
    expect(maxLengthOf(z.string().max(9).default(""))).toBe(9);
    expect(maxLengthOf(z.string())).toBeUndefined();
    expect(maxLengthOf(z.number().max(3))).toBeUndefined();
  });

  it("gives the profile and token inputs the limits their schemas enforce", () => {
    expect(maxLengthOf(ZProfileInput.shape.name)).toBe(120);
    expect(maxLengthOf(ZProfileInput.shape.affiliation)).toBe(200);
    expect(maxLengthOf(ZProfileInput.shape.website)).toBe(300);
    expect(maxLengthOf(ZCreateTokenInput.shape.name)).toBe(100);
  });
});
