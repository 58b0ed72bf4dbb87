import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/bench/floor/route";
import { db } from "@/lib/db";
import { callerOf, cleanup, createModel, createPublishedVersion, createUser } from "@/lib/testing/factories";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { recordFloorEvent } from "./record-floor-event";

const meta = { ip: "127.0.0.1", ipSource: "socket" as const, userAgent: "vitest" };
const made = { modelIds: [] as string[], userIds: [] as string[] };
afterAll(async () => {
  await db.downloadEvent.deleteMany({ where: { userId: { in: made.userIds } } });
  await cleanup(made);
});

const world = async () => {
  const user = await createUser();
  const model = await createModel();
  made.userIds.push(user.id);
  made.modelIds.push(model.id);
  const version = await createPublishedVersion(model.id, [{ path: "a.bin", size: 10 }]);
  const file = await db.modelFile.findFirstOrThrow({ where: { versionId: version.id } });
  return { user, input: { model: model.id, version: version.id, file: file.id } };
};
const eventsOf = (userId: string) => db.downloadEvent.count({ where: { userId } });

describe("the bench's floor route", () => {
  it("is refused by a server without BENCH_FLOOR_ROUTE (production): 404 NOT_FOUND, nothing written", async () => {
    const { user, input } = await world();
    const res = await GET(new NextRequest(`http://localhost/api/bench/floor?${new URLSearchParams(input)}`), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such API endpoint." } });
    await expectAppError(recordFloorEvent(callerOf(user), input, meta), "NOT_FOUND");
    expect(await eventsOf(user.id)).toBe(0);
  });

  it("when enabled, commits one DownloadEvent-sized row per call and nothing else", async () => {
    const { user, input } = await world();
    const audit = await db.auditEvent.count();
    const { id } = await recordFloorEvent(callerOf(user), input, meta, { enabled: true });
    const row = await db.downloadEvent.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: user.id, fileId: input.file, channel: "API", countsTowardQuota: false });
    expect(await db.auditEvent.count()).toBe(audit);
  });

  it("refuses an anonymous caller and bad input, writing nothing", async () => {
    const { user, input } = await world();
    await expectAppError(recordFloorEvent(null, input, meta, { enabled: true }), "UNAUTHORIZED");
    await expect(recordFloorEvent(callerOf(user), { model: "" }, meta, { enabled: true })).rejects.toThrow();
    expect(await eventsOf(user.id)).toBe(0);
  });
});
