import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getProfile } from "@/lib/domain/profile/get-profile";
import { callerOf, createUser } from "@/lib/testing/factories";
import { isOrcidIssuer, recordOrcidSignIn } from "./record-orcid-sign-in";

describe("recordOrcidSignIn", () => {
  it("stores the ORCID iD from an ORCID sign-in as verified, with an audit row", async () => {
    const user = await createUser();
    expect(await recordOrcidSignIn({ userId: user.id, orcid: "https://orcid.org/0000-0002-1825-0097" })).toBe(true);
    const profile = await getProfile(callerOf(await db.user.findUniqueOrThrow({ where: { id: user.id } })));
    expect(profile.orcid).toEqual({ value: "0000-0002-1825-0097", verification: "verified" });
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "user.orcid_verified" } })).toBe(1);
  });

  it("ignores a subject that is not a valid iD, changing nothing", async () => {
    const user = await createUser();
    expect(await recordOrcidSignIn({ userId: user.id, orcid: "0000-0002-1825-0098" })).toBe(false);
    expect(
      await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { orcid: true, orcidVerifiedAt: true } }),
    ).toEqual({ orcid: null, orcidVerifiedAt: null });
    expect(await db.auditEvent.count({ where: { actorId: user.id } })).toBe(0);
  });

  it("recognises ORCID's issuers only", () => {
    expect(isOrcidIssuer("https://orcid.org")).toBe(true);
    expect(isOrcidIssuer("https://sandbox.orcid.org/")).toBe(true);
    expect(isOrcidIssuer("https://login.university.example")).toBe(false);
    expect(isOrcidIssuer(undefined)).toBe(false);
  });
});
