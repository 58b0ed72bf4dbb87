import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDownloadableModel, createVersionWithFiles, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { getPathsInfo } from "./get-paths-info";
import { HubNotFound } from "./hub-error";
import { listTree } from "./list-tree";

const modelIds = trackDownloadModels();
const bytes = (n: number) => new Uint8Array(n).fill(7);

const world = async () => {
  const { model, version } = await createDownloadableModel(modelIds, [
    { path: "config.json", bytes: bytes(10) },
    { path: "onnx/model.onnx", bytes: bytes(20) },
    { path: "onnx/quant/model_q4.onnx", bytes: bytes(5) },
    { path: "onnx/uploading.onnx", status: "UPLOADING" },
    { path: "failed/x.bin", status: "FAILED" },
  ]);
  const { caller } = await createResearcher();
  return { model, version, caller, p: { org: model.org, name: model.name } };
};

const hubCodeOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(HubNotFound);
  return (e as HubNotFound).hubCode;
};

describe("listTree", () => {
  it("lists the root's READY files and directories in path order, files as LFS entries with the pointer's blob id", async () => {
    const { p, caller, version } = await world();
    const { entries, nextCursor } = await listTree(caller, { ...p, rev: "main" }, {});
    expect(entries.map((e) => [e.type, e.path])).toEqual([
      ["file", "config.json"],
      ["directory", "onnx"],
    ]);
    const sha = createHash("sha256").update(bytes(10)).digest("hex");
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize 10\n`;
    const oid = createHash("sha1").update(`blob ${pointer.length}\0${pointer}`).digest("hex");
    expect(entries[0]).toEqual({
      type: "file",
      oid,
      size: 10,
      path: "config.json",
      lfs: { oid: sha, size: 10, pointerSize: pointer.length },
    });
    expect(entries[1]).toMatchObject({ type: "directory", size: 0 });
    expect(nextCursor).toBeNull();
    // The same listing by commit id and by version name.
    expect((await listTree(caller, { ...p, rev: version.commitSha }, {})).entries).toEqual(entries);
    expect((await listTree(caller, { ...p, rev: "v1" }, {})).entries).toEqual(entries);
  });

  it("lists a directory, recursively, and pages with a cursor that resumes after the last path", async () => {
    const { p, caller, version } = await world();
    expect((await listTree(caller, { ...p, rev: "main" }, { path: "onnx" })).entries.map((e) => e.path)).toEqual([
      "onnx/model.onnx",
      "onnx/quant",
    ]);
    const all = (await listTree(caller, { ...p, rev: "main" }, { recursive: "true" })).entries.map((e) => e.path);
    expect(all).toEqual(["config.json", "onnx", "onnx/model.onnx", "onnx/quant", "onnx/quant/model_q4.onnx"]);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await listTree(caller, { ...p, rev: "main" }, { recursive: "True", limit: "2", cursor });
      seen.push(...r.entries.map((e) => e.path));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toEqual(all);
    const expanded = await listTree(caller, { ...p, rev: "main" }, { expand: "1" });
    expect(expanded.entries[0]?.lastCommit).toEqual({
      id: version.commitSha,
      title: "v1",
      date: version.publishedAt?.toISOString(),
    });
  });

  it("says which part is missing: repository, revision (drafts and unknown names), directory", async () => {
    const { p, caller, model } = await world();
    await createVersionWithFiles(model.id, [{ path: "a.bin" }], { name: "v2-draft", status: "DRAFT", latest: false });
    expect(await hubCodeOf(listTree(caller, { org: p.org, name: "nope", rev: "main" }, {}))).toBe("RepoNotFound");
    expect(await hubCodeOf(listTree(caller, { ...p, rev: "v2-draft" }, {}))).toBe("RevisionNotFound");
    expect(await hubCodeOf(listTree(caller, { ...p, rev: "0".repeat(40) }, {}))).toBe("RevisionNotFound");
    expect(await hubCodeOf(listTree(caller, { ...p, rev: "main" }, { path: "failed" }))).toBe("EntryNotFound");
    expect(await hubCodeOf(listTree(caller, { ...p, rev: "main" }, { path: "config.json" }))).toBe("EntryNotFound");
  });

  it("hides private models from researchers (RepoNotFound) but not from admins; anonymous callers see public metadata", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "w.bin" }], { visibility: "PRIVATE" });
    const { caller } = await createResearcher();
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    const p = { org: model.org, name: model.name, rev: "main" };
    expect(await hubCodeOf(listTree(caller, p, {}))).toBe("RepoNotFound");
    expect(await hubCodeOf(listTree(null, p, {}))).toBe("RepoNotFound");
    expect((await listTree(admin, p, {})).entries.map((e) => e.path)).toEqual(["w.bin"]);
    const pub = await world();
    expect((await listTree(null, { ...pub.p, rev: "HEAD" }, {})).entries).toHaveLength(2);
  });
});

describe("getPathsInfo", () => {
  it("returns the existing files and directories asked for, in order, and leaves out the rest", async () => {
    const { p, caller } = await world();
    const info = await getPathsInfo(
      caller,
      { ...p, rev: "main" },
      { paths: ["onnx/model.onnx", "missing.bin", "onnx/uploading.onnx", "/onnx/", "config.json"] },
    );
    expect(info.map((e) => [e.type, e.path, e.size])).toEqual([
      ["file", "onnx/model.onnx", 20],
      ["directory", "onnx", 0],
      ["file", "config.json", 10],
    ]);
    expect(await hubCodeOf(getPathsInfo(caller, { org: p.org, name: "nope", rev: "main" }, { paths: ["a"] }))).toBe(
      "RepoNotFound",
    );
  });
});
