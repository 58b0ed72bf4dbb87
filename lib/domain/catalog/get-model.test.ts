import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { admin, anonymous, researcher } from "@/lib/testing/callers";
import { cleanup, createModel, createPublishedVersion, uid } from "@/lib/testing/factories";
import { getModel } from "./get-model";

const modelIds: string[] = [];
type Created = { id: string; org: string; name: string };
let publicModel: Created;
let privateModel: Created;
let emptyModel: Created;

beforeAll(async () => {
  publicModel = await createModel({ org: `gm${uid()}`, name: "big-model", title: "Big", gating: "AUTO" });
  privateModel = await createModel({ org: `gm${uid()}`, name: "hidden", visibility: "PRIVATE" });
  emptyModel = await createModel({ org: `gm${uid()}`, name: "no-files" });
  modelIds.push(publicModel.id, privateModel.id, emptyModel.id);
  await createPublishedVersion(publicModel.id, [
    { path: "weights/model.safetensors", size: 5_000_000_000n },
    { path: "config.json", size: 512 },
  ]);
});
afterAll(() => cleanup({ modelIds }));

const notFound = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect(e).toMatchObject({ code: "NOT_FOUND", status: 404 });
};

describe("getModel", () => {
  it("answers NOT_FOUND for a PRIVATE model to anonymous and RESEARCHER callers", async () => {
    await notFound(getModel(anonymous, privateModel));
    await notFound(getModel(researcher, privateModel));
  });

  it("shows a PRIVATE model to an ADMIN", async () => {
    const m = await getModel(admin, privateModel);
    expect(m.slug).toBe(`${privateModel.org}/hidden`);
  });

  it("answers NOT_FOUND for a model that does not exist, to everyone", async () => {
    for (const caller of [anonymous, researcher, admin])
      await notFound(getModel(caller, { org: `gm${uid()}`, name: "nope" }));
  });

  it("finds a model whatever the case of the route params", async () => {
    const m = await getModel(anonymous, { org: publicModel.org.toUpperCase(), name: "Big-Model" });
    expect(m.id).toBe(publicModel.id);
  });

  it("returns the card, license and latest version with sizes as numbers, files sorted by path", async () => {
    const m = await getModel(researcher, publicModel);
    expect(Object.keys(m).sort()).toEqual(
      [
        "cardMarkdown",
        "currentLicenseVersion",
        "fingerprinting",
        "gating",
        "id",
        "latestVersion",
        "playgroundEnabled",
        "slug",
        "summary",
        "task",
        "title",
        "updatedAt",
      ].sort(),
    );
    expect(m).toMatchObject({
      slug: `${publicModel.org}/big-model`,
      title: "Big",
      gating: "AUTO",
      fingerprinting: false,
    });
    expect(Object.keys(m.currentLicenseVersion).sort()).toEqual(["id", "license", "publishedAt", "sha256", "version"]);
    expect(m.latestVersion?.files).toEqual([
      { path: "config.json", size: 512, sha256: expect.any(String), status: "READY" },
      { path: "weights/model.safetensors", size: 5_000_000_000, sha256: expect.any(String), status: "READY" },
    ]);
    for (const f of m.latestVersion?.files ?? []) expect(typeof f.size).toBe("number");
    expect(m.latestVersion?.commitSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it("returns latestVersion null for a model without a published version", async () => {
    expect((await getModel(anonymous, emptyModel)).latestVersion).toBeNull();
  });
});
