import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZListModelsQuery } from "@/lib/schemas/catalog";
import { admin, anonymous, researcher } from "@/lib/testing/callers";
import { cleanup, createLicenseVersion, createModel, uid } from "@/lib/testing/factories";
import { listModels } from "./list-models";

// Every model here has an org containing `token`, so searching for it scopes the assertions to
// this file's rows however many models other test files create in parallel.
const token = `lm${uid()}`;
const titleWord = `Zebrafinch${uid()}`;
const task = `task-${uid()}`;
const literalTitle = `Under_Score 100% \\ ${uid()}`;
const modelIds: string[] = [];
let licenseName = "";

const query = (q: Record<string, unknown>) => ZListModelsQuery.parse(q);
const slugs = (page: { models: { slug: string }[] }) => page.models.map((m) => m.slug).sort();

beforeAll(async () => {
  const lv = await createLicenseVersion({ version: "2.1" });
  licenseName = lv.license.name;
  const make = async (suffix: string, data: Parameters<typeof createModel>[0] = {}) => {
    const m = await createModel({ org: `${token}-${suffix}`, name: "weights", licenseVersionId: lv.id, ...data });
    modelIds.push(m.id);
    return m;
  };
  await make("pub-a", { task, title: `The ${titleWord} model`, summary: "A small model.", gating: "OPEN" });
  await make("pub-b", { task });
  await make("pub-c", { title: literalTitle });
  await make("priv", { task, visibility: "PRIVATE", title: `Secret ${titleWord}` });
});
afterAll(() => cleanup({ modelIds }));

describe("listModels", () => {
  it("hides PRIVATE models from anonymous and RESEARCHER callers and shows them to ADMIN", async () => {
    const publicSlugs = [`${token}-pub-a/weights`, `${token}-pub-b/weights`, `${token}-pub-c/weights`];
    for (const caller of [anonymous, researcher]) {
      const page = await listModels(caller, query({ q: token }));
      expect(slugs(page)).toEqual(publicSlugs);
      expect(page.total).toBe(3);
    }
    const page = await listModels(admin, query({ q: token }));
    expect(slugs(page)).toEqual([...publicSlugs, `${token}-priv/weights`].sort());
    expect(page.total).toBe(4);
  });

  it("does not reveal a PRIVATE model through a search that only it matches", async () => {
    const page = await listModels(anonymous, query({ q: `Secret ${titleWord}` }));
    expect(page).toEqual({ page: 1, pageSize: 20, total: 0, models: [] });
    expect((await listModels(admin, query({ q: `secret ${titleWord}` }))).total).toBe(1);
  });

  it("searches slug and title case-insensitively", async () => {
    expect(slugs(await listModels(anonymous, query({ q: `${token.toUpperCase()}-PUB-B/WEIGHTS` })))).toEqual([
      `${token}-pub-b/weights`,
    ]);
    expect(slugs(await listModels(anonymous, query({ q: titleWord.toLowerCase() })))).toEqual([
      `${token}-pub-a/weights`,
    ]);
    expect(slugs(await listModels(anonymous, query({ q: titleWord.toUpperCase() })))).toEqual([
      `${token}-pub-a/weights`,
    ]);
  });

  it("treats LIKE wildcards and backslashes in the search text literally", async () => {
    // Prisma's `contains` is an ILIKE pattern (prisma/prisma#19506); list-models escapes it.
    expect((await listModels(admin, query({ q: `${token}-pub_a` }))).total).toBe(0);
    expect((await listModels(admin, query({ q: `${token}%weights` }))).total).toBe(0);
    expect((await listModels(admin, query({ q: `${token}-pub-\\` }))).total).toBe(0);
    expect(slugs(await listModels(anonymous, query({ q: literalTitle.toLowerCase() })))).toEqual([
      `${token}-pub-c/weights`,
    ]);
  });

  it("filters by task", async () => {
    expect(slugs(await listModels(anonymous, query({ task })))).toEqual([
      `${token}-pub-a/weights`,
      `${token}-pub-b/weights`,
    ]);
    expect((await listModels(admin, query({ task }))).total).toBe(3);
    expect(slugs(await listModels(anonymous, query({ q: token, task: "text-generation" })))).toEqual([
      `${token}-pub-c/weights`,
    ]);
    expect((await listModels(anonymous, query({ task: `${task}-none` }))).total).toBe(0);
  });

  it("paginates with a stable total, no overlap, newest first", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => listModels(admin, query({ q: token, page, pageSize: 3 }))));
    expect(pages.map((p) => [p.page, p.pageSize, p.total, p.models.length])).toEqual([
      [1, 3, 4, 3],
      [2, 3, 4, 1],
      [3, 3, 4, 0],
    ]);
    const all = pages.flatMap((p) => p.models);
    expect(new Set(all.map((m) => m.slug)).size).toBe(4);
    const times = all.map((m) => Date.parse(m.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("returns exactly the public catalog fields", async () => {
    const page = await listModels(anonymous, query({ q: titleWord }));
    expect(Object.keys(page).sort()).toEqual(["models", "page", "pageSize", "total"]);
    const [m] = page.models;
    expect(Object.keys(m ?? {}).sort()).toEqual([
      "gating",
      "license",
      "licenseVersion",
      "name",
      "slug",
      "summary",
      "task",
      "updatedAt",
    ]);
    expect(m).toEqual({
      slug: `${token}-pub-a/weights`,
      name: `The ${titleWord} model`,
      summary: "A small model.",
      task,
      gating: "OPEN",
      license: licenseName,
      licenseVersion: "2.1",
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });
});
