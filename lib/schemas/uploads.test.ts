import { describe, expect, it } from "vitest";
import { ZUploadPath } from "./upload-path";
import { ZStartUploadInput } from "./uploads";

const refusal = (path: string) => {
  const r = ZUploadPath.safeParse(path);
  return r.success ? null : r.error.issues.map((i) => i.message);
};

describe("ZUploadPath", () => {
  it("accepts relative /-separated paths, trimmed, in any script", () => {
    for (const p of ["model.safetensors", "onnx/model.onnx", "a b/c-d_e.f/g.bin", "モデル/重み.bin", "x".repeat(900)]) {
      expect(ZUploadPath.parse(p)).toBe(p);
    }
    expect(ZUploadPath.parse("  onnx/model.onnx ")).toBe("onnx/model.onnx");
  });

  it("refuses absolute paths and backslashes, one or more, with the same message", () => {
    for (const p of ["/model.onnx", "onnx\\model.onnx", "onnx\\\\model.onnx", "\\model.onnx"]) {
      expect(refusal(p), p).toContain("a relative path with / between folders");
    }
  });

  it("refuses empty, . and .. segments", () => {
    for (const p of ["a//b", "a/", "./a", "a/./b", "../a", "a/../b", ".."])
      expect(refusal(p), p).toContain("no empty, . or .. segments");
  });

  it("refuses control characters, and more than 900 bytes in UTF-8 even under 900 characters", () => {
    for (const p of ["a\u0000b", "a\nb", "a\u007fb"])
      expect(refusal(p), JSON.stringify(p)).toContain("no control characters");
    const wide = "重".repeat(301); // 301 characters, 903 bytes
    expect(refusal(wide)).toContain("at most 900 bytes in UTF-8");
    expect(refusal("重".repeat(300))).toBeNull();
    expect(refusal("")).not.toBeNull();
  });
});

describe("ZStartUploadInput", () => {
  it("lower-cases a declared sha256 and refuses anything but 64 hex characters", () => {
    const sha = "AB".repeat(32);
    expect(ZStartUploadInput.parse({ path: "w.bin", size: 1, sha256: sha }).sha256).toBe(sha.toLowerCase());
    for (const bad of ["ab".repeat(31), "zz".repeat(32), `${"ab".repeat(32)}0`]) {
      expect(ZStartUploadInput.safeParse({ path: "w.bin", size: 1, sha256: bad }).success, bad).toBe(false);
    }
  });

  it("accepts media types, refuses header injection, and refuses unknown keys and empty files", () => {
    expect(
      ZStartUploadInput.parse({ path: "w.bin", size: 1, contentType: "application/octet-stream; charset=binary" })
        .contentType,
    ).toBe("application/octet-stream; charset=binary");
    for (const bad of ["text", "a/b\r\nx-amz-acl: public-read", "a /b"]) {
      expect(
        ZStartUploadInput.safeParse({ path: "w.bin", size: 1, contentType: bad }).success,
        JSON.stringify(bad),
      ).toBe(false);
    }
    expect(ZStartUploadInput.safeParse({ path: "w.bin", size: 0 }).success).toBe(false);
    expect(ZStartUploadInput.safeParse({ path: "w.bin", size: 1, acl: "public-read" }).success).toBe(false);
  });
});
