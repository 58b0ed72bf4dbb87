import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { revokeGrant } from "@/lib/domain/review/revoke-grant";
import { createGrantee, createDownloadableModel, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { createResearcher } from "@/lib/testing/factories";
import { issueDownloadUrl } from "./issue-download-url";
import { createDownloadRateLimiter } from "./rate-limit-downloads";

const modelIds = trackDownloadModels();

// Issuance's fast path locks the grant row, then the audit chain; a revocation locks the same grant
// row (UPDATE) and then the chain. Taken in the same order, a burst of issuances racing a
// revocation never deadlocks, and what is recorded is consistent with the revocation.
describe("issueDownloadUrl racing a revocation", () => {
  it("never deadlocks: each issuance is recorded before the revocation or refused after it", async () => {
    const { model } = await createDownloadableModel(modelIds, [{ path: "w.bin" }]);
    const { user, caller, grant } = await createGrantee(model);
    const { caller: admin } = await createResearcher({ role: "ADMIN" });
    const limiter = createDownloadRateLimiter({ points: 1000, keyPrefix: `race-${grant.id}` });
    const issue = () =>
      issueDownloadUrl(
        caller,
        { org: model.org, name: model.name, path: "w.bin" },
        { channel: "API", ip: null, userAgent: null },
        { limiter },
      ).then(
        () => "issued" as const,
        (e: unknown) => {
          if (isAppError(e) && e.code === "GRANT_REVOKED") return "refused" as const;
          throw e;
        },
      );
    const burst = Array.from({ length: 24 }, (_, i) =>
      i === 8
        ? revokeGrant(admin, { id: grant.id }, { reasonText: "Race test" }).then(() => "revoked" as const)
        : issue(),
    );
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => o === "revoked")).toHaveLength(1);

    const events = await db.downloadEvent.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(events).toHaveLength(outcomes.filter((o) => o === "issued").length);
    // The revocation's audit row comes after every issuance's: nothing was recorded under a revoked grant.
    const audit = await db.auditEvent.findMany({
      where: { modelId: model.id, action: { in: ["download.issued", "access_request.revoked"] } },
      orderBy: { seq: "asc" },
      select: { action: true },
    });
    expect(audit.map((a) => a.action).lastIndexOf("download.issued")).toBeLessThan(
      audit.findIndex((a) => a.action === "access_request.revoked"),
    );
    expect(await issue()).toBe("refused");
  });
});
