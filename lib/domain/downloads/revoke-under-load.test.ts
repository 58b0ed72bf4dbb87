// A revocation while the grantee downloads as hard as they can: 16 loops issuing URLs for one grant
// without a pause. Issuance share-locks the grant row; without a fair queue (grant-lock.ts) the
// revocation's UPDATE waited for as long as the loops ran.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { revokeGrant } from "@/lib/domain/review/revoke-grant";
import { createGrantee, createDownloadableModel, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { issueDownloadUrl } from "./issue-download-url";
import { createDownloadRateLimiter } from "./rate-limit-downloads";

const modelIds = trackDownloadModels();
const LOOPS = 16;

describe("revoking a grant under load", { timeout: 120_000 }, () => {
  it("is not starved while 16 loops issue URLs (returns well before they give up), and no URL is issued after it commits", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "w.bin" }]);
    const { user, caller, grant } = await createGrantee(model);
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    const limiter = createDownloadRateLimiter({ points: 1_000_000, keyPrefix: `load-${grant.id}` });
    let issued = 0;
    // Should the revocation be starved, the loops give up after a while so that the test fails on
    // the revocation's duration instead of hanging.
    let giveUpAt = Infinity;
    const loop = async () => {
      for (;;) {
        if (Date.now() > giveUpAt) return "gave up";
        try {
          await issueDownloadUrl(
            caller,
            { org: model.org, name: model.name, path: "w.bin" },
            { channel: "API", ip: null, userAgent: null },
            { limiter },
          );
          issued++;
        } catch (e) {
          if (isAppError(e) && e.code === "GRANT_REVOKED") return "refused";
          throw e;
        }
      }
    };
    const loops = Array.from({ length: LOOPS }, loop);
    // Under way: a few hundred URLs issued before the revocation starts.
    while (issued < 300) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    giveUpAt = Date.now() + 15_000;
    await revokeGrant(admin, { id: grant.id }, { reasonText: "Revoked under load" });
    const revokeMs = performance.now() - started;
    const issuedBefore = issued;
    const outcomes = await Promise.all(loops);
    // Not starved by the load: a generous bound (it takes milliseconds on an idle machine), since a
    // machine busy with other work must not fail this.
    expect(revokeMs).toBeLessThan(10_000);
    expect(outcomes).toEqual(Array(LOOPS).fill("refused"));

    // Audit order: every download.issued row comes before the revocation's.
    const audit = await db.auditEvent.findMany({
      where: { modelId: model.id, action: { in: ["download.issued", "access_request.revoked"] } },
      orderBy: { seq: "asc" },
      select: { action: true },
    });
    const revokedAt = audit.findIndex((a) => a.action === "access_request.revoked");
    expect(revokedAt).toBeGreaterThan(0);
    expect(audit.slice(revokedAt + 1).filter((a) => a.action === "download.issued")).toEqual([]);
    // Every issued URL has its event, and none is dated after the revocation.
    const events = await db.downloadEvent.count({ where: { userId: user.id } });
    expect(events).toBe(issued);
    const revoked = await db.accessRequest.findUniqueOrThrow({ where: { id: grant.id }, select: { revokedAt: true } });
    expect(await db.downloadEvent.count({ where: { userId: user.id, issuedAt: { gt: revoked.revokedAt! } } })).toBe(0);
    console.log(
      `revoke took ${revokeMs.toFixed(0)} ms with ${LOOPS} loops; ${issuedBefore} URLs before it, ${issued} in all`,
    );
  });
});
