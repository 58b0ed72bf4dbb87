import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors";
import { parsePushTarget } from "./upload-api";
import { planUploads } from "./upload-plan";

const files = async () => {
  const dir = await mkdtemp(join(tmpdir(), "weights-plan-"));
  await mkdir(join(dir, "sub"));
  await writeFile(join(dir, "model.onnx"), "abc");
  await writeFile(join(dir, "sub", "config.json"), "{}");
  await writeFile(join(dir, "sub", "model.onnx"), "other");
  await writeFile(join(dir, "empty.bin"), "");
  return dir;
};
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CliError);
  return [(e as CliError).exitCode, (e as CliError).message];
};

describe("planUploads", () => {
  it("uses each file's base name, --as for one file, --prefix as the folder", async () => {
    const dir = await files();
    expect(await planUploads([join(dir, "model.onnx"), join(dir, "sub", "config.json")], {})).toEqual([
      { local: join(dir, "model.onnx"), path: "model.onnx", size: 3 },
      { local: join(dir, "sub", "config.json"), path: "config.json", size: 2 },
    ]);
    expect((await planUploads([join(dir, "model.onnx")], { as: "onnx/model_q4.onnx" })).map((p) => p.path)).toEqual([
      "onnx/model_q4.onnx",
    ]);
    expect(
      (await planUploads([join(dir, "model.onnx"), join(dir, "sub", "config.json")], { prefix: "/onnx/" })).map(
        (p) => p.path,
      ),
    ).toEqual(["onnx/model.onnx", "onnx/config.json"]);
    expect((await planUploads([join(dir, "model.onnx")], { prefix: "a/b", as: "c.onnx" })).map((p) => p.path)).toEqual([
      "a/b/c.onnx",
    ]);
  });

  it("refuses (exit 2) before any work: --as with several files, two files on one path, a folder, an empty or missing file, a path the portal would refuse", async () => {
    const dir = await files();
    const [a, b, c] = [join(dir, "model.onnx"), join(dir, "sub", "config.json"), join(dir, "sub", "model.onnx")];
    expect(await refusal(planUploads([a, b], { as: "x.bin" }))).toEqual([
      2,
      "--as names one file; use --prefix to put several files into a folder.",
    ]);
    expect(await refusal(planUploads([a, c], {}))).toEqual([2, `${a} and ${c} would both be uploaded as model.onnx.`]);
    expect((await refusal(planUploads([join(dir, "sub")], {})))[1]).toMatch(/is not a regular file/);
    expect(await refusal(planUploads([join(dir, "empty.bin")], {}))).toEqual([
      2,
      `${join(dir, "empty.bin")} is empty; empty files cannot be uploaded.`,
    ]);
    expect(await refusal(planUploads([join(dir, "nope.bin")], {}))).toEqual([
      2,
      `No such file: ${join(dir, "nope.bin")}`,
    ]);
    expect((await refusal(planUploads([a], { as: "../up.onnx" })))[1]).toMatch(/is not a valid path inside a version/);
    expect((await refusal(planUploads([a], { prefix: "a//b" })))[1]).toMatch(
      /is not a valid path inside a version: no empty, \. or \.\. segments\.$/,
    );
    expect((await refusal(planUploads([a], { as: "onnx\\up.onnx" })))[1]).toBe(
      `"onnx\\up.onnx" (from ${a}) is not a valid path inside a version: a relative path with / between folders.`,
    );
    expect((await refusal(planUploads([a], { as: "重".repeat(301) })))[1]).toMatch(/at most 900 bytes in UTF-8\.$/);
    expect((await refusal(planUploads([a], { as: " up.onnx" })))[1]).toMatch(/no spaces at either end\.$/);
    expect((await refusal(planUploads([a], { prefix: "/" })))[1]).toBe("--prefix needs a folder name.");
  });
});

describe("parsePushTarget", () => {
  it("needs org/name@version", () => {
    expect(parsePushTarget("org/model@v2")).toEqual({ org: "org", name: "model", version: "v2", slug: "org/model" });
    for (const bad of ["org/model", "org/model@", "model@v1", "a/b/c@v1"])
      expect(() => parsePushTarget(bad)).toThrow(/Expected org\/name@version/);
  });
});
