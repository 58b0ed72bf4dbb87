import { describe, expect, it } from "vitest";
import { audibleSpan, padWithSilence, readWav, writeWav } from "./wav";

describe("WAV files", () => {
  it("writes a 16-bit PCM WAV that reads back the same, and pads it with silence on both sides", () => {
    const audio = { sampleRate: 22_050, channels: 1, samples: Int16Array.of(0, 1000, -32768, 32767) };
    const bytes = writeWav(audio);
    expect(bytes.length).toBe(44 + 8);
    expect(readWav(bytes)).toEqual(audio);
    const padded = padWithSilence(audio, 1, 0.5);
    expect(padded.samples.length).toBe(22_050 + 4 + 11_025);
    expect(audibleSpan(padded)).toEqual({ start: 22_051 / 22_050, end: 22_053 / 22_050 });
    expect(audibleSpan(padWithSilence({ ...audio, samples: new Int16Array(4) }, 1, 1))).toBeNull();
  });

  it("skips unknown chunks, reads a streamed data size to the end, and refuses what it cannot read", () => {
    const plain = writeWav({ sampleRate: 8000, channels: 2, samples: Int16Array.of(1, 2, 3, 4) });
    const list = Uint8Array.of(...new TextEncoder().encode("LIST"), 3, 0, 0, 0, 9, 9, 9, 0);
    const withList = new Uint8Array([...plain.subarray(0, 36), ...list, ...plain.subarray(36)]);
    new DataView(withList.buffer).setUint32(36 + list.length + 4, 0xffffffff, true);
    expect(readWav(withList)).toEqual({ sampleRate: 8000, channels: 2, samples: Int16Array.of(1, 2, 3, 4) });
    expect(() => readWav(new TextEncoder().encode("RIFF\0\0\0\0AVI LIST"))).toThrow(/RIFF\/WAVE/);
    const float = plain.slice();
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(() => readWav(float)).toThrow(/16-bit PCM/);
  });
});
