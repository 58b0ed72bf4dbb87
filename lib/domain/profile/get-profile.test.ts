import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { anonymous } from "@/lib/testing/callers";
import { callerOf, cleanup, createUser } from "@/lib/testing/factories";
import { buildProfileView, getProfile } from "./get-profile";
import { expectAppError } from "@/lib/testing/expect-app-error";

const userIds: string[] = [];
afterAll(() => cleanup({ userIds }));

const blank = {
  email: null,
  emailVerified: null,
  name: null,
  affiliation: null,
  position: null,
  country: null,
  orcid: null,
  orcidVerifiedAt: null,
  website: null,
};

describe("buildProfileView", () => {
  it("marks the e-mail (and its domain) verified only when the address was proven", () => {
    const proven = buildProfileView({ ...blank, email: "ada@uni.example", emailVerified: new Date() });
    expect(proven.email).toEqual({ value: "ada@uni.example", verification: "verified" });
    expect(proven.emailDomain).toEqual({ value: "uni.example", verification: "verified" });
    const declared = buildProfileView({ ...blank, email: "ada@uni.example" });
    expect([declared.email.verification, declared.emailDomain.verification]).toEqual([
      "self-declared",
      "self-declared",
    ]);
    expect(buildProfileView(blank).emailDomain).toEqual({ value: null, verification: "self-declared" });
  });

  it("marks the ORCID iD verified only when there is one and it was verified", () => {
    const at = new Date();
    expect(buildProfileView({ ...blank, orcid: "0000-0002-1825-0097", orcidVerifiedAt: at }).orcid).toEqual({
      value: "0000-0002-1825-0097",
      verification: "verified",
    });
    expect(buildProfileView({ ...blank, orcid: "0000-0002-1825-0097" }).orcid.verification).toBe("self-declared");
    expect(buildProfileView({ ...blank, orcidVerifiedAt: at }).orcid).toEqual({
      value: null,
      verification: "self-declared",
    });
  });

  it("declares name, affiliation, position, country (with its name) and website; complete with the four required fields", () => {
    const full = {
      ...blank,
      name: "Ada",
      affiliation: "Uni",
      position: "PhD student",
      country: "GB",
      website: "https://ada.example",
    };
    const v = buildProfileView(full);
    for (const key of ["name", "affiliation", "position", "country", "website"] as const)
      expect(v[key].verification).toBe("self-declared");
    expect(v.country).toMatchObject({ value: "GB", label: "United Kingdom" });
    expect(v.isComplete).toBe(true);
    for (const missing of ["name", "affiliation", "position", "country"] as const)
      expect(buildProfileView({ ...full, [missing]: null }).isComplete).toBe(false);
    expect(buildProfileView({ ...full, website: null }).isComplete).toBe(true);
    expect(buildProfileView(blank).country.label).toBeNull();
  });
});

describe("getProfile", () => {
  it("asks an anonymous caller to sign in", async () => {
    await expectAppError(getProfile(anonymous), "SIGN_IN_REQUIRED", {
      action: "/sign-in?callbackUrl=%2Faccount%2Fprofile",
    });
  });

  it("returns the caller's own profile with verification marks", async () => {
    const user = await createUser();
    userIds.push(user.id);
    await db.user.update({
      where: { id: user.id },
      data: {
        emailVerified: new Date(),
        name: "Grace Hopper",
        affiliation: "Navy",
        position: "Rear admiral",
        country: "US",
        orcid: "0000-0001-5109-3700",
        orcidVerifiedAt: new Date(),
      },
    });
    const p = await getProfile(callerOf(user));
    expect(p).toMatchObject({
      email: { value: user.email, verification: "verified" },
      emailDomain: { value: "example.test", verification: "verified" },
      name: { value: "Grace Hopper", verification: "self-declared" },
      country: { value: "US", label: "United States of America", verification: "self-declared" },
      orcid: { value: "0000-0001-5109-3700", verification: "verified" },
      website: { value: null },
      isComplete: true,
    });
  });
});
