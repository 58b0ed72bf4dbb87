import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createGatedModel, createRequest, createResearcher } from "@/lib/testing/factories";
import { acceptLicense } from "./accept-license";
import { submitAccessRequest } from "./submit-access-request";
import { expectAppError } from "@/lib/testing/expect-app-error";

const meta = { ip: "192.0.2.1", userAgent: "vitest" };

describe("after a revocation, and for blocked countries", () => {
  it("a revoked grant on an AUTO model is not renewed by the rules: the new request waits for a reviewer", async () => {
    const { user, caller } = await createResearcher();
    const model = await createGatedModel({ gating: "AUTO", grantDurationDays: 30 });
    await createRequest({
      userId: user.id,
      modelId: model.id,
      status: "REVOKED",
      revokedAt: new Date(),
      reasonText: "Shared the weights.",
    });
    const { request, created } = await submitAccessRequest(
      caller,
      model,
      { answers: {}, licenseVersionId: model.licenseVersion.id },
      meta,
    );
    expect(created).toBe(true);
    expect(request.status).toBe("PENDING");
    const row = await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.ruleOutcome).toMatchObject({ decision: "MANUAL", rule: "previously_revoked" });
  });

  it("a geo-blocked researcher cannot accept an OPEN model's license, and nothing is written", async () => {
    const { user, caller } = await createResearcher({ country: "NZ" });
    const model = await createGatedModel({ gating: "OPEN", rules: { blockedCountries: ["NZ"] } });
    const before = await Promise.all([
      db.licenseAcceptance.count({ where: { userId: user.id } }),
      db.auditEvent.count({ where: { actorId: user.id } }),
    ]);
    await expectAppError(
      acceptLicense(caller, model, { licenseVersionId: model.licenseVersion.id }, meta),
      "GEO_BLOCKED",
    );
    expect(
      await Promise.all([
        db.licenseAcceptance.count({ where: { userId: user.id } }),
        db.auditEvent.count({ where: { actorId: user.id } }),
      ]),
    ).toEqual(before);
  });
});
