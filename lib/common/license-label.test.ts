import { describe, expect, it } from "vitest";
import { licenseLabel } from "./license-label";

describe("licenseLabel", () => {
  it("shows the version once when the name already carries it", () => {
    expect(licenseLabel("Apache License 2.0", "2.0")).toBe("Apache License 2.0");
    expect(licenseLabel("Creative Commons BY 4.0", "v4.0")).toBe("Creative Commons BY 4.0");
    expect(licenseLabel("OpenRAIL-M v1", "1")).toBe("OpenRAIL-M v1");
    expect(licenseLabel("GPL-3.0", "3.0")).toBe("GPL-3.0");
  });

  it("adds ' v' and the version when the name does not carry it", () => {
    expect(licenseLabel("MIT License", "1.0")).toBe("MIT License v1.0");
    expect(licenseLabel("Apache License 2.0", "2.1")).toBe("Apache License 2.0 v2.1");
    expect(licenseLabel("Research License", "2026-01")).toBe("Research License v2026-01");
    // "2.0" inside "12.0" is not the version.
    expect(licenseLabel("Model License 12.0", "2.0")).toBe("Model License 12.0 v2.0");
  });

  it("treats special characters in the version literally", () => {
    expect(licenseLabel("Custom", "1.0+a")).toBe("Custom v1.0+a");
    expect(licenseLabel("Custom 1x0", "1.0")).toBe("Custom 1x0 v1.0");
  });
});
