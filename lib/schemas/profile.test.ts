import { describe, expect, it } from "vitest";
import { isValidOrcid, requiredProfileFields, ZProfileInput } from "./profile";

// Real, published ORCID iDs (ORCID's own examples: Josiah Carberry, and the documentation's samples).
const valid = [
  "0000-0002-1825-0097",
  "0000-0001-5109-3700",
  "0000-0002-1694-233X",
  "0000-0003-1419-2405",
  "0000-0002-9079-593X",
];
const checkChars = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"];

describe("isValidOrcid (ISO 7064 MOD 11-2)", () => {
  it.each(valid)("accepts %s", (id) => expect(isValidOrcid(id)).toBe(true));

  it("refuses every other check character for each valid iD (exactly one check character fits)", () => {
    for (const id of valid) {
      const base = id.slice(0, -1);
      expect(checkChars.filter((c) => isValidOrcid(base + c))).toEqual([id.slice(-1)]);
    }
  });

  it("refuses corrupted iDs: one digit changed, two digits swapped", () => {
    expect(isValidOrcid("0000-0002-1825-0098")).toBe(false);
    expect(isValidOrcid("0000-0002-1825-1097")).toBe(false);
    expect(isValidOrcid("0000-0001-5109-3701")).toBe(false);
    expect(isValidOrcid("0000-0002-1694-2330")).toBe(false);
    expect(isValidOrcid("0000-0002-8125-0097")).toBe(false); // 1825 → 8125
    expect(isValidOrcid("0000-0001-5190-3700")).toBe(false); // 5109 → 5190
  });

  it.each([
    "0000000218250097",
    "0000-0002-1825-009",
    "0000-0002-1825-00970",
    "0000-0002-1694-233x",
    "https://orcid.org/0000-0002-1825-0097",
    " 0000-0002-1825-0097",
    "000A-0002-1825-0097",
    "0000_0002_1825_0097",
    "",
  ])("refuses the malformed %j (normalising is the schema's job)", (id) => expect(isValidOrcid(id)).toBe(false));
});

const base = { name: "Alan Turing", affiliation: "University of Manchester", position: "Reader", country: "GB" };

describe("ZProfileInput", () => {
  it("trims, upper-cases the country, normalises the ORCID and turns empty optionals into null", () => {
    expect(
      ZProfileInput.parse({
        name: " Alan Turing ",
        affiliation: " UoM ",
        position: " Reader ",
        country: " gb ",
        orcid: " https://orcid.org/0000-0002-1694-233x ",
        website: "",
      }),
    ).toEqual({
      name: "Alan Turing",
      affiliation: "UoM",
      position: "Reader",
      country: "GB",
      orcid: "0000-0002-1694-233X",
      website: null,
    });
    expect(ZProfileInput.parse({ ...base, orcid: "", website: "  " })).toMatchObject({ orcid: null, website: null });
    expect(ZProfileInput.parse({ ...base, orcid: null, website: null })).toMatchObject({ orcid: null, website: null });
    const omitted = ZProfileInput.parse(base);
    expect([omitted.orcid, omitted.website]).toEqual([undefined, undefined]);
  });

  it("accepts each valid ORCID iD, bare or as an orcid.org URL", () => {
    for (const id of valid)
      for (const spelling of [
        id,
        id.toLowerCase(),
        `https://orcid.org/${id}`,
        `http://orcid.org/${id}`,
        `HTTPS://ORCID.ORG/${id}`,
      ])
        expect(ZProfileInput.parse({ ...base, orcid: spelling }).orcid).toBe(id);
  });

  it("refuses invalid ORCID iDs with a message on the orcid path", () => {
    for (const orcid of [
      "0000-0002-1825-0098",
      "0000-0002-1825",
      "orcid.org/0000-0002-1825-0097",
      "https://example.org/0000-0002-1825-0097",
    ]) {
      const r = ZProfileInput.safeParse({ ...base, orcid });
      expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["orcid"]);
      expect(r.error?.issues[0]?.message).toMatch(/ORCID iD as 0000-0000-0000-0000/);
    }
  });

  it("accepts ISO 3166-1 alpha-2 countries only", () => {
    for (const country of ["DE", "us", "Jp", "FR"])
      expect(ZProfileInput.safeParse({ ...base, country }).success).toBe(true);
    for (const country of ["XX", "UK", "DEU", "Germany", "", "D"]) {
      const r = ZProfileInput.safeParse({ ...base, country });
      expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["country", "Choose your country from the list."],
      ]);
    }
  });

  it("accepts an http(s) website and refuses anything else, up to 300 characters", () => {
    for (const website of ["https://turing.example", "http://a.b/c?d=e"])
      expect(ZProfileInput.parse({ ...base, website }).website).toBe(website);
    for (const website of [
      "turing.example",
      "ftp://turing.example",
      "javascript:alert(1)",
      "https://localhost",
      "https://a b.example",
      `https://a.example/${"x".repeat(290)}`,
    ])
      expect(ZProfileInput.safeParse({ ...base, website }).error?.issues.map((i) => i.path.join("."))).toEqual([
        "website",
      ]);
  });

  it("requires name, affiliation, position (2..120/200/120 characters after trimming) and country", () => {
    for (const key of ["name", "affiliation", "position", "country"] as const) {
      const { [key]: _omitted, ...rest } = base;
      expect(ZProfileInput.safeParse(rest).error?.issues.map((i) => i.path.join("."))).toEqual([key]);
    }
    const bad = { name: " A ", affiliation: "x".repeat(201), position: "p".repeat(121) };
    const r = ZProfileInput.safeParse({ ...base, ...bad });
    expect(r.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["affiliation", "name", "position"]);
    expect(
      ZProfileInput.safeParse({ ...base, name: "Al", affiliation: "x".repeat(200), position: "p".repeat(120) }).success,
    ).toBe(true);
  });

  it("lists the four fields a first request needs", () => {
    expect([...requiredProfileFields]).toEqual(["name", "affiliation", "position", "country"]);
  });
});
