import { describe, expect, it } from "vitest";
import { ZFileInspection } from "@/lib/schemas/inspection";
import { InspectionError } from "./inspection-error";
import {
  MAX_LISTED_TENSORS,
  inspectSafetensors,
  inspectSafetensorsBytes,
  type RangeReader,
} from "./inspect-safetensors";

const width: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I64: 8, U8: 1 };

type Spec = { name: string; dtype: string; shape: number[] };

/** Writes a safetensors file as the format describes it: u64 LE header length, JSON header, tensor bytes. */
const writeSafetensors = (tensors: Spec[], metadata?: Record<string, string>, { pad = 0 } = {}) => {
  let offset = 0;
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1) * (width[t.dtype] ?? 1);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(pad));
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  for (let i = 8 + json.byteLength; i < out.length; i++) out[i] = i % 251;
  return out;
};

/** A reader over bytes that records every range asked for. */
const recordingReader = (bytes: Uint8Array) => {
  const calls: [number, number][] = [];
  const read: RangeReader = async (start, end) => {
    calls.push([start, end]);
    return bytes.subarray(start, end + 1);
  };
  return { calls, read };
};

/** A file whose first 8 bytes claim `length`, followed by `rest`. */
const withLength = (length: bigint, rest: Uint8Array = new Uint8Array(16)) => {
  const out = new Uint8Array(8 + rest.byteLength);
  new DataView(out.buffer).setBigUint64(0, length, true);
  out.set(rest, 8);
  return out;
};

describe("inspectSafetensors", () => {
  it("reads names, dtypes, shapes, totals and __metadata__ from one ranged read of the header", async () => {
    const bytes = writeSafetensors(
      [
        { name: "model.embed.weight", dtype: "BF16", shape: [1000, 64] },
        { name: "lm_head.weight", dtype: "BF16", shape: [1000, 64] },
        { name: "layers.0.norm.weight", dtype: "F32", shape: [64] },
        { name: "position_ids", dtype: "I64", shape: [1, 512] },
        { name: "scalar", dtype: "F16", shape: [] },
      ],
      { format: "pt", source: "unit-test" },
      { pad: 5 },
    );
    const { calls, read } = recordingReader(bytes);
    const result = await inspectSafetensors({ size: bytes.byteLength, read });
    expect(result).toEqual({
      kind: "safetensors",
      schemaVersion: 1,
      headerBytes: new DataView(bytes.buffer).getUint32(0, true),
      tensorCount: 5,
      dtypes: { BF16: 2, F32: 1, I64: 1, F16: 1 },
      parameterCount: 2 * 64_000 + 64 + 512 + 1,
      metadata: { format: "pt", source: "unit-test" },
      tensors: [
        { name: "layers.0.norm.weight", dtype: "F32", shape: [64] },
        { name: "lm_head.weight", dtype: "BF16", shape: [1000, 64] },
        { name: "model.embed.weight", dtype: "BF16", shape: [1000, 64] },
        { name: "position_ids", dtype: "I64", shape: [1, 512] },
        { name: "scalar", dtype: "F16", shape: [] },
      ],
      tensorsTruncated: false,
    });
    // One request, for the first 64 KiB at most; the ~260 KB of tensor data is never read.
    expect(calls).toEqual([[0, 65_535]]);
    expect(bytes.byteLength).toBeGreaterThan(250_000);
    expect(ZFileInspection.parse(result)).toEqual(result);
  });

  it("a header larger than the first read takes a second read of exactly the header; long lists are cut, totals are not", async () => {
    const tensors = Array.from({ length: MAX_LISTED_TENSORS + 7 }, (_, i) => ({
      name: `blocks.${String(i).padStart(5, "0")}.weight`,
      dtype: "U8",
      shape: [2, 3],
    }));
    const bytes = writeSafetensors(tensors);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength).toBeGreaterThan(65_536);
    const { calls, read } = recordingReader(bytes);
    const result = await inspectSafetensors({ size: bytes.byteLength, read });
    expect(calls).toEqual([
      [0, 65_535],
      [8, 8 + headerLength - 1],
    ]);
    expect(result).toMatchObject({
      tensorCount: MAX_LISTED_TENSORS + 7,
      parameterCount: (MAX_LISTED_TENSORS + 7) * 6,
      dtypes: { U8: MAX_LISTED_TENSORS + 7 },
      metadata: null,
      tensorsTruncated: true,
    });
    expect(result.tensors).toHaveLength(MAX_LISTED_TENSORS);
    expect(result.tensors[0]?.name).toBe("blocks.00000.weight");
  });

  it("refuses an absurd header length before reading or allocating anything more", async () => {
    for (const length of [2n ** 64n - 1n, 2n ** 53n, 100_000_001n]) {
      const bytes = withLength(length);
      const { calls, read } = recordingReader(bytes);
      await expect(inspectSafetensors({ size: 1024 ** 4, read })).rejects.toThrow(
        `the header length ${length} exceeds the 100000000-byte limit`,
      );
      expect(calls).toHaveLength(1);
    }
  });

  it.each([
    [
      "a file shorter than 8 bytes",
      new Uint8Array([1, 2, 3]),
      "the file is 3 bytes, too short for the 8-byte header length",
    ],
    ["a zero header length", withLength(0n), "the header length is 0"],
    [
      "a header running past the end (truncated file)",
      withLength(500n, new Uint8Array(100)),
      "the header length 500 runs past the end of the 108-byte file",
    ],
    [
      "a header that is not JSON",
      withLength(10n, new TextEncoder().encode("{not json}")),
      "the header is not valid UTF-8 JSON",
    ],
    [
      "a header that is not UTF-8",
      withLength(4n, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      "the header is not valid UTF-8 JSON",
    ],
    ["a JSON array", withLength(2n, new TextEncoder().encode("[]")), "the header is not a JSON object"],
  ])("refuses %s", async (_, bytes, message) => {
    await expect(inspectSafetensorsBytes(bytes)).rejects.toThrow(new InspectionError(message));
  });

  it("refuses a header whose tensors do not fit the file or their dtype", async () => {
    const file = (header: object, dataBytes: number) => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + json.byteLength + dataBytes);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
      out.set(json, 8);
      return out;
    };
    await expect(
      inspectSafetensorsBytes(file({ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, 8)),
    ).rejects.toThrow('tensor "w": data_offsets [0, 16] lie outside the 8 data bytes');
    await expect(
      inspectSafetensorsBytes(file({ w: { dtype: "F32", shape: [4], data_offsets: [0, 12] } }, 16)),
    ).rejects.toThrow('tensor "w": 12 bytes for shape [4] of F32 (expected 16)');
    await expect(inspectSafetensorsBytes(file({ w: { dtype: "F32", shape: [-1] } }, 16))).rejects.toThrow(
      'tensor "w": needs dtype, shape and data_offsets',
    );
    await expect(inspectSafetensorsBytes(file({ __metadata__: { n: 1 } }, 0))).rejects.toThrow(
      "__metadata__ must map strings to strings",
    );
    // A dtype this parser has no width for is listed without the size check.
    const exotic = await inspectSafetensorsBytes(
      file({ w: { dtype: "F6_E2M3", shape: [8], data_offsets: [0, 6] } }, 6),
    );
    expect(exotic).toMatchObject({ tensorCount: 1, parameterCount: 8, dtypes: { F6_E2M3: 1 } });
  });
});
