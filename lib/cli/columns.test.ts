import { describe, expect, it } from "vitest";
import { formatColumns } from "./columns";

describe("formatColumns", () => {
  it("pads every column but the last to its widest cell, header included, and trims line ends", () => {
    const text = formatColumns(
      ["MODEL", "ACCESS", "TASK"],
      [
        ["silero/silero-vad", "open", "voice-activity-detection"],
        ["a/b", "manual", ""],
      ],
    );
    expect(text.split("\n")).toEqual([
      "MODEL              ACCESS  TASK",
      "silero/silero-vad  open    voice-activity-detection",
      "a/b                manual",
    ]);
  });
});
