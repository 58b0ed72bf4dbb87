import { describe, expect, it } from "vitest";
import { localTime } from "./status";

describe("localTime", () => {
  it("reads an API instant in the machine's zone, naming the zone, not as raw ISO 8601", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const text = localTime("2026-03-01T17:30:00.000Z");
      expect(text).toContain("2026");
      expect(text).toMatch(/12:30/);
      expect(text).toMatch(/EST|GMT-5/);
      expect(text).not.toContain("T17:30");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
