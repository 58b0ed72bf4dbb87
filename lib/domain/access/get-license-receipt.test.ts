import { afterAll, describe, expect, it } from "vitest";
import { anonymous } from "@/lib/testing/callers";
import {
  cleanup,
  createGatedModel,
  createLicenseVersion,
  createResearcher,
  sha256Hex,
  uid,
} from "@/lib/testing/factories";
import { acceptLicense } from "./accept-license";
import { getLicenseReceipt, listMyLicenseAcceptances } from "./get-license-receipt";
import { expectAppError } from "@/lib/testing/expect-app-error";

const modelIds: string[] = [];
afterAll(() => cleanup({ modelIds }));

const openModel = async (text?: string) => {
  const lv = await createLicenseVersion({ text, version: "3.1" });
  const m = await createGatedModel({ org: `rcpt${uid()}`, gating: "OPEN", licenseVersionId: lv.id });
  modelIds.push(m.id);
  return m;
};
const accept = async (
  caller: Awaited<ReturnType<typeof createResearcher>>["caller"],
  m: Awaited<ReturnType<typeof openModel>>,
) =>
  acceptLicense(
    caller,
    { org: m.org, name: m.name },
    { licenseVersionId: m.licenseVersion.id },
    { ip: "192.0.2.44", userAgent: "Mozilla/5.0 test" },
  );

describe("getLicenseReceipt", () => {
  it("returns the caller's acceptance with the exact text accepted, its hash and the evidence", async () => {
    const text = `Research-only license ${uid()}\n\nNo redistribution. Ünïcödé is kept byte for byte.`;
    const m = await openModel(text);
    const { user, caller } = await createResearcher();
    const { id } = await accept(caller, m);
    const receipt = await getLicenseReceipt(caller, { id });
    expect(receipt).toMatchObject({
      id,
      textSha256: sha256Hex(text),
      ip: "192.0.2.44",
      userAgent: "Mozilla/5.0 test",
      user: { email: user.email, name: user.name },
      licenseVersion: {
        id: m.licenseVersion.id,
        version: "3.1",
        text,
        license: { name: m.licenseVersion.license.name, slug: m.licenseVersion.license.slug },
      },
    });
    expect(sha256Hex(receipt.licenseVersion.text)).toBe(receipt.textSha256);
  });

  it("answers NOT_FOUND for another user's receipt and for an unknown id", async () => {
    const m = await openModel();
    const owner = await createResearcher();
    const { id } = await accept(owner.caller, m);
    const intruder = await createResearcher({ role: "ADMIN" });
    await expectAppError(getLicenseReceipt(intruder.caller, { id }), "NOT_FOUND");
    await expectAppError(getLicenseReceipt(owner.caller, { id: `nope-${uid()}` }), "NOT_FOUND");
  });

  it("asks an anonymous caller to sign in", async () => {
    await expectAppError(getLicenseReceipt(anonymous, { id: "x" }), "SIGN_IN_REQUIRED");
    await expectAppError(listMyLicenseAcceptances(anonymous), "SIGN_IN_REQUIRED");
  });
});

describe("listMyLicenseAcceptances", () => {
  it("lists only the caller's acceptances, newest first, without the texts", async () => {
    const [m1, m2] = [await openModel(), await openModel()];
    const me = await createResearcher();
    const other = await createResearcher();
    const first = await accept(me.caller, m1);
    const second = await accept(me.caller, m2);
    await accept(other.caller, m1);
    const list = await listMyLicenseAcceptances(me.caller);
    expect(list.map((a) => a.id)).toEqual([second.id, first.id]);
    expect(list[0]).toEqual({
      id: second.id,
      acceptedAt: second.acceptedAt,
      textSha256: m2.licenseVersion.sha256,
      licenseVersion: { version: "3.1", license: { name: m2.licenseVersion.license.name } },
    });
    expect(await listMyLicenseAcceptances(other.caller)).toHaveLength(1);
  });
});
