import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { anonymous } from "@/lib/testing/callers";
import { callerOf, createUser } from "@/lib/testing/factories";
import type { TProfileInput } from "@/lib/schemas/profile";
import { updateProfile } from "./update-profile";
import { expectAppError } from "@/lib/testing/expect-app-error";

// Users who get an audit row cannot be deleted (the audit log references its actor), so they stay.

const valid: TProfileInput = {
  name: "  Katherine Johnson ",
  affiliation: "NASA Langley",
  position: "Mathematician",
  country: "us",
};
const newUser = async (data: Record<string, unknown> = {}) => {
  const u = await createUser();
  const user = Object.keys(data).length ? await db.user.update({ where: { id: u.id }, data }) : u;
  return { user, caller: callerOf(user) };
};
const row = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
const audit = (id: string) =>
  db.auditEvent.findMany({ where: { targetId: id, action: "user.profile_updated" }, orderBy: { seq: "asc" } });

describe("updateProfile", () => {
  it("saves the normalised fields, audits which fields changed, and answers the view", async () => {
    const { user, caller } = await newUser();
    const before = Date.now();
    const view = await updateProfile(caller, {
      ...valid,
      orcid: "https://orcid.org/0000-0002-1694-233x",
      website: "https://kj.example/about",
    });
    expect(view).toMatchObject({
      name: { value: "Katherine Johnson" },
      country: { value: "US", label: "United States of America" },
      orcid: { value: "0000-0002-1694-233X", verification: "self-declared" },
      website: { value: "https://kj.example/about" },
      isComplete: true,
    });
    const saved = await row(user.id);
    expect(saved).toMatchObject({
      name: "Katherine Johnson",
      affiliation: "NASA Langley",
      position: "Mathematician",
      country: "US",
      orcid: "0000-0002-1694-233X",
      orcidVerifiedAt: null,
    });
    expect(saved.profileUpdatedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const rows = await audit(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: user.id, targetType: "User" });
    expect((rows[0]!.data as { fields: string[] }).fields.sort()).toEqual([
      "affiliation",
      "country",
      "name",
      "orcid",
      "position",
      "website",
    ]);
  });

  it("audits only the fields that changed, with the country's old and new value", async () => {
    const { user, caller } = await newUser({
      name: "Katherine Johnson",
      affiliation: "NASA Langley",
      position: "Mathematician",
      country: "US",
    });
    await updateProfile(caller, valid);
    await updateProfile(caller, { ...valid, country: "fr", position: "Director" });
    const data = (await audit(user.id)).map((r) => r.data);
    expect(data).toEqual([{ fields: [] }, { fields: ["position", "country"], country: { from: "US", to: "FR" } }]);
  });

  it("keeps the ORCID verification when the same iD is saved again (in any accepted spelling)", async () => {
    const verifiedAt = new Date("2026-01-02T03:04:05Z");
    const { user, caller } = await newUser({ orcid: "0000-0002-1694-233X", orcidVerifiedAt: verifiedAt });
    for (const orcid of ["0000-0002-1694-233X", " 0000-0002-1694-233x ", "http://orcid.org/0000-0002-1694-233X"]) {
      const view = await updateProfile(caller, { ...valid, orcid });
      expect(view.orcid).toEqual({ value: "0000-0002-1694-233X", verification: "verified" });
    }
    expect((await row(user.id)).orcidVerifiedAt).toEqual(verifiedAt);
  });

  it("drops the verification when the ORCID iD changes or is removed", async () => {
    const verified = { orcid: "0000-0002-1825-0097", orcidVerifiedAt: new Date() };
    const a = await newUser(verified);
    expect((await updateProfile(a.caller, { ...valid, orcid: "0000-0001-5109-3700" })).orcid).toEqual({
      value: "0000-0001-5109-3700",
      verification: "self-declared",
    });
    expect(await row(a.user.id)).toMatchObject({ orcid: "0000-0001-5109-3700", orcidVerifiedAt: null });
    // Changing back to the old iD does not restore the verification.
    expect((await updateProfile(a.caller, { ...valid, orcid: "0000-0002-1825-0097" })).orcid.verification).toBe(
      "self-declared",
    );

    for (const orcid of ["", null, undefined]) {
      const b = await newUser(verified);
      await updateProfile(b.caller, { ...valid, orcid });
      expect(await row(b.user.id)).toMatchObject({ orcid: null, orcidVerifiedAt: null });
    }
  });

  it("stores an empty website as null", async () => {
    const { user, caller } = await newUser({ website: "https://old.example" });
    await updateProfile(caller, { ...valid, website: "   " });
    expect((await row(user.id)).website).toBeNull();
  });

  it.each<[string, Partial<TProfileInput>]>([
    ["an ORCID iD with a wrong check digit", { orcid: "0000-0002-1825-0098" }],
    ["an ORCID iD in the wrong format", { orcid: "0000000218250097" }],
    ["an unknown country code", { country: "XX" }],
    ["a country name instead of a code", { country: "Germany" }],
    ["a website without http(s)", { website: "ftp://files.example" }],
    ["a website that is not a URL", { website: "my homepage" }],
    ["a too-short name", { name: " A " }],
    ["a missing affiliation", { affiliation: undefined }],
    ["an oversize position", { position: "p".repeat(121) }],
  ])("refuses %s with a ZodError and changes nothing", async (_label, patch) => {
    const { user, caller } = await newUser({
      name: "Before",
      affiliation: "Before Inc",
      position: "Before",
      country: "FR",
      orcid: "0000-0002-1825-0097",
      orcidVerifiedAt: new Date(),
    });
    const before = await row(user.id);
    const e = await updateProfile(caller, { ...valid, ...patch } as TProfileInput).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ZodError);
    expect(await row(user.id)).toEqual(before);
    expect(await audit(user.id)).toHaveLength(0);
  });

  it("reports the failing field's path in the ZodError", async () => {
    const { caller } = await newUser();
    const e = (await updateProfile(caller, { ...valid, orcid: "0000-0002-1825-0098", country: "ZZ" }).catch(
      (err: unknown) => err,
    )) as ZodError;
    expect(e.issues.map((i) => i.path.join(".")).sort()).toEqual(["country", "orcid"]);
  });

  it("asks an anonymous caller to sign in", async () => {
    await expectAppError(updateProfile(anonymous, valid), "SIGN_IN_REQUIRED");
  });
});
