import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, anonymous, researcher } from "@/lib/testing/callers";
import { cleanup, createLicenseVersion, createModel, uid } from "@/lib/testing/factories";
import { listTasks } from "./list-tasks";

const prefix = `lt-${uid()}`;
const shared = `${prefix}-shared`;
const hidden = `${prefix}-hidden`;
const modelIds: string[] = [];

beforeAll(async () => {
  const lv = await createLicenseVersion();
  for (const [task, visibility] of [
    [shared, "PUBLIC"],
    [shared, "PUBLIC"],
    [shared, "PRIVATE"],
    [hidden, "PRIVATE"],
  ] as const)
    modelIds.push((await createModel({ task, visibility, licenseVersionId: lv.id })).id);
});
afterAll(() => cleanup({ modelIds }));

const mine = (tasks: { task: string; count: number }[]) => tasks.filter((t) => t.task.startsWith(prefix));

describe("listTasks", () => {
  it("counts only PUBLIC models for anonymous and RESEARCHER callers; a task only private models have is absent", async () => {
    for (const caller of [anonymous, researcher])
      expect(mine(await listTasks(caller))).toEqual([{ task: shared, count: 2 }]);
  });

  it("counts every model for an ADMIN", async () => {
    expect(mine(await listTasks(admin))).toEqual([
      { task: hidden, count: 1 },
      { task: shared, count: 3 },
    ]);
  });

  it("lists each task once", async () => {
    // (Ascending order is asserted on this file's own tasks above; the global order follows the
    // database collation, which need not match JavaScript's code-unit sort for other files' tasks.)
    const tasks = (await listTasks(admin)).map((t) => t.task);
    expect(new Set(tasks).size).toBe(tasks.length);
  });
});
