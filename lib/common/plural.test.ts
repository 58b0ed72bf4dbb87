import { describe, expect, it } from "vitest";
import { countOf, plural } from "./plural";

describe("plural", () => {
  it("is singular for exactly one and plural for every other count", () => {
    expect(plural(1, "approval")).toBe("approval");
    expect([0, 2, 11, 1.5].map((n) => plural(n, "approval"))).toEqual(Array(4).fill("approvals"));
    expect(plural(1, "person", "people")).toBe("person");
    expect(plural(3, "person", "people")).toBe("people");
  });

  it("counts with thousands separated", () => {
    expect(countOf(1, "approval")).toBe("1 approval");
    expect(countOf(1200, "download")).toBe("1,200 downloads");
    expect(countOf(0, "entry", "entries")).toBe("0 entries");
  });
});
