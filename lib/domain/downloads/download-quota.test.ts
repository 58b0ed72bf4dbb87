import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  createGrantee,
  createDownloadableModel,
  downloadSnapshot,
  trackDownloadModels,
} from "@/lib/testing/download-fixtures";
import { getManifest, listManifest } from "./get-manifest";
import { issueDownloadUrl } from "./issue-download-url";
import { describeQuotaLeft } from "./download-quota";
import { refusal } from "@/lib/testing/expect-app-error";

const modelIds = trackDownloadModels();
const meta = { channel: "CLI" as const, ip: null, userAgent: "weights-cli" };
const files = [
  { path: "a.bin", bytes: randomBytes(1000) },
  { path: "b.bin", bytes: randomBytes(2000) },
  { path: "c.bin", bytes: randomBytes(3000) },
];
const world = async () => {
  const { model } = await createDownloadableModel(modelIds, files);
  const grantee = await createGrantee(model);
  const one = (path: string) => issueDownloadUrl(grantee.caller, { org: model.org, name: model.name, path }, meta);
  const counted = async () =>
    (
      await db.downloadEvent.findMany({
        where: { userId: grantee.user.id },
        select: { countsTowardQuota: true, file: { select: { path: true } } },
        orderBy: { issuedAt: "asc" },
      })
    ).map((e) => `${e.file.path}:${e.countsTowardQuota ? "counted" : "repeat"}`);
  return {
    model,
    ...grantee,
    one,
    counted,
    snapshot: () => downloadSnapshot({ userId: grantee.user.id, modelId: model.id }),
  };
};

describe("download quota", () => {
  it("counts each file once while its URL lives (HEAD then GET, retries), refuses past the grant's file quota and writes nothing then", async () => {
    const w = await world();
    await db.accessRequest.update({ where: { id: w.grant.id }, data: { downloadQuotaFiles: 2 } });
    await w.one("a.bin");
    await w.one("a.bin");
    await w.one("b.bin");
    expect(await w.counted()).toEqual(["a.bin:counted", "a.bin:repeat", "b.bin:counted"]);

    const before = await w.snapshot();
    const e = await refusal(w.one("c.bin"));
    expect([e.code, e.status, e.action]).toEqual(["QUOTA_EXCEEDED", 403, `/models/${w.model.slug}`]);
    expect(e.userMessage).toContain("left: 0 of 2 downloads");
    expect(await w.snapshot()).toEqual(before);
    // A file already downloaded under a live URL can still be fetched again (a resume).
    await w.one("b.bin");
    expect((await w.counted()).at(-1)).toBe("b.bin:repeat");
  });

  it("counts a file again once its earlier URLs have expired", async () => {
    const w = await world();
    await w.one("a.bin");
    await db.downloadEvent.updateMany({
      where: { userId: w.user.id },
      data: { urlExpiresAt: new Date(Date.now() - 1000) },
    });
    await w.one("a.bin");
    expect(await w.counted()).toEqual(["a.bin:counted", "a.bin:counted"]);
  });

  it("takes the model's default byte quota for a whole manifest, which the grant's own quota overrides", async () => {
    const w = await world();
    await db.model.update({ where: { id: w.model.id }, data: { downloadQuotaBytes: 3500n } });
    const ref = { org: w.model.org, name: w.model.name };
    const before = await w.snapshot();
    const e = await refusal(getManifest(w.caller, ref, meta));
    expect(e.code).toBe("QUOTA_EXCEEDED");
    expect(e.userMessage).toContain("3.4 KB of 3.4 KB");
    expect(await w.snapshot()).toEqual(before);

    // Narrowed to what fits: a.bin + b.bin = 3000 of 3500 bytes.
    const some = await getManifest(w.caller, ref, { ...meta, paths: ["a.bin", "b.bin"] });
    expect(some.files.map((f) => f.path)).toEqual(["a.bin", "b.bin"]);
    expect((await refusal(getManifest(w.caller, ref, { ...meta, paths: ["c.bin"] }))).code).toBe("QUOTA_EXCEEDED");

    await db.accessRequest.update({ where: { id: w.grant.id }, data: { downloadQuotaBytes: 10_000n } });
    const all = await getManifest(w.caller, ref, meta);
    expect(all.files).toHaveLength(3);
    // a and b still had live URLs: only c is a new download.
    expect((await w.counted()).slice(2).sort()).toEqual(["a.bin:repeat", "b.bin:repeat", "c.bin:counted"]);
  });

  it("lets exactly one of two simultaneous issuances take the last download", async () => {
    const w = await world();
    await db.accessRequest.update({ where: { id: w.grant.id }, data: { downloadQuotaFiles: 1 } });
    const results = await Promise.allSettled([w.one("a.bin"), w.one("b.bin"), w.one("c.bin")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("QUOTA_EXCEEDED");
    expect(await db.downloadEvent.count({ where: { userId: w.user.id } })).toBe(1);
  });

  it("lists a manifest without URLs, writing nothing; an unknown path is a 404", async () => {
    const w = await world();
    const ref = { org: w.model.org, name: w.model.name };
    const before = await w.snapshot();
    const listing = await listManifest(w.caller, ref, { paths: ["b.bin"] });
    expect(listing.files).toEqual([{ path: "b.bin", size: 2000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(listing.files[0]).not.toHaveProperty("url");
    expect(await w.snapshot()).toEqual(before);
    const e = await refusal(listManifest(w.caller, ref, { paths: ["nope.bin"] }));
    expect([e.code, e.userMessage]).toEqual(["NOT_FOUND", "No such file in this revision: nope.bin."]);
  });

  it("describes what is left", () => {
    expect(describeQuotaLeft({ files: 10, bytes: 5n * 1024n ** 3n }, { files: 3, bytes: 1024n ** 3n })).toBe(
      "7 of 10 downloads, 4.0 GB of 5.0 GB",
    );
    expect(describeQuotaLeft({ files: null, bytes: 100n }, { files: 9, bytes: 150n })).toBe("0 B of 100 B");
  });
});
