import { describe, expect, it } from "vitest";
import { buildAnswersSchema, parseFormDefinition, ZFormDefinition, ZFormField, type TFormField } from "./access-form";

const field = (f: Partial<TFormField> & Pick<TFormField, "type">): TFormField => ({
  name: "q",
  label: "Question",
  required: false,
  ...f,
});
/** The schema for a one-field form; `ok`/`bad` check a value for that field (undefined = key absent). */
const one = (f: Partial<TFormField> & Pick<TFormField, "type">) => {
  const schema = buildAnswersSchema([field(f)]);
  const run = (value: unknown) => schema.safeParse(value === undefined ? {} : { q: value });
  return {
    ok: (value: unknown) => expect(run(value).success, `expected ${JSON.stringify(value)} to be accepted`).toBe(true),
    bad: (value: unknown) => expect(run(value).success, `expected ${JSON.stringify(value)} to be refused`).toBe(false),
    out: (value: unknown) => run(value).data?.q,
    messages: (value: unknown) => run(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
  };
};

describe("ZFormField / ZFormDefinition", () => {
  it("accepts a well-formed field and defaults required to false", () => {
    expect(ZFormField.parse({ name: "purpose_2", type: "textarea", label: " Purpose " })).toEqual({
      name: "purpose_2",
      type: "textarea",
      label: "Purpose",
      required: false,
    });
  });

  it.each([
    ["an upper-case name", { name: "Purpose" }],
    ["a name starting with a digit", { name: "1st" }],
    ["a name of 41 characters", { name: `a${"b".repeat(40)}` }],
    ["an unknown type", { type: "file" }],
    ["a blank label", { label: "   " }],
    ["maxLength 0", { maxLength: 0 }],
    ["maxLength above 10000", { maxLength: 10_001 }],
  ])("refuses %s", (_label, patch) => {
    expect(ZFormField.safeParse({ name: "q", type: "text", label: "Q", ...patch }).success).toBe(false);
  });

  it("needs options for select and multiselect", () => {
    for (const type of ["select", "multiselect"]) {
      const r = ZFormField.safeParse({ name: "q", type, label: "Q" });
      expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["options", "select fields need options"],
      ]);
      expect(ZFormField.safeParse({ name: "q", type, label: "Q", options: [] }).success).toBe(false);
      expect(ZFormField.safeParse({ name: "q", type, label: "Q", options: ["a"] }).success).toBe(true);
    }
  });

  it("refuses duplicate names and more than 50 fields; parseFormDefinition throws on corrupt JSON", () => {
    expect(ZFormDefinition.safeParse([field({ type: "text" }), field({ type: "checkbox" })]).success).toBe(false);
    const many = Array.from({ length: 51 }, (_, i) => field({ type: "text", name: `f${i}` }));
    expect(ZFormDefinition.safeParse(many).success).toBe(false);
    expect(ZFormDefinition.safeParse(many.slice(0, 50)).success).toBe(true);
    expect(() => parseFormDefinition({ not: "a list" })).toThrow();
    expect(parseFormDefinition([])).toEqual([]);
  });
});

describe("buildAnswersSchema: field types", () => {
  it("text: trimmed, required refuses missing/blank, default max 200, custom maxLength, must be a string", () => {
    const req = one({ type: "text", required: true });
    for (const v of [undefined, "", "   "]) req.bad(v);
    expect(req.out("  hi  ")).toBe("hi");
    req.ok("x".repeat(200));
    expect(req.messages("x".repeat(201))).toEqual(["q: Question can be at most 200 characters."]);
    expect(req.messages(42)).toEqual(["q: Answer Question with text."]);
    expect(req.messages("")).toEqual(["q: Enter question."]);
    const opt = one({ type: "text", maxLength: 5 });
    for (const v of [undefined, "", "12345", " 12345 "]) opt.ok(v);
    for (const v of ["123456", null, true]) opt.bad(v);
  });

  it("textarea: default max 5000", () => {
    const t = one({ type: "textarea", required: true });
    t.ok("y".repeat(5000));
    t.bad("y".repeat(5001));
  });

  it("url: a full http(s) URL; optional may be empty; max 500 by default", () => {
    const req = one({ type: "url", required: true });
    for (const v of ["https://lab.example/page", "http://a.b"]) req.ok(v);
    for (const v of [
      undefined,
      "",
      "lab.example",
      "ftp://lab.example",
      "https://localhost",
      "javascript:alert(1)",
      "https://a b.example",
      `https://a.example/${"p".repeat(490)}`,
    ])
      req.bad(v);
    const opt = one({ type: "url" });
    for (const v of [undefined, ""]) opt.ok(v);
    opt.bad("nope");
  });

  it("select: one of the options; optional may be empty", () => {
    const req = one({ type: "select", required: true, options: ["academic", "industry"] });
    req.ok("industry");
    for (const v of [undefined, "", "Industry", "other", ["industry"]]) req.bad(v);
    expect(req.messages("other")).toEqual(["q: Choose a value for question."]);
    const opt = one({ type: "select", options: ["academic"] });
    for (const v of [undefined, ""]) opt.ok(v);
    opt.bad("other");
  });

  it("multiselect: a list of offered options; required needs at least one", () => {
    const req = one({ type: "multiselect", required: true, options: ["nlp", "vision", "audio"] });
    for (const v of [["nlp"], ["nlp", "audio"]]) req.ok(v);
    for (const v of [undefined, [], "nlp", ["nlp", "robots"]]) req.bad(v);
    expect(req.messages(["nlp", "robots"])).toEqual(["q.1: Choose only offered options for Question."]);
    expect(req.messages([])).toEqual(["q: Choose a value for question."]);
    const opt = one({ type: "multiselect", options: ["nlp"] });
    for (const v of [undefined, []]) opt.ok(v);
  });

  it("checkbox: a boolean; required must be checked", () => {
    const req = one({ type: "checkbox", required: true });
    req.ok(true);
    for (const v of [undefined, false, "true", 1]) req.bad(v);
    expect(req.messages(false)).toEqual(["q: Tick “Question” to continue."]);
    const opt = one({ type: "checkbox" });
    for (const v of [undefined, true, false]) opt.ok(v);
    opt.bad("yes");
  });

  it("country: an ISO 3166-1 alpha-2 code as listed; optional may be empty", () => {
    const req = one({ type: "country", required: true });
    for (const v of ["DE", "JP", "BR"]) req.ok(v);
    for (const v of [undefined, "", "de", "XX", "DEU", "Germany", 49]) req.bad(v);
    const opt = one({ type: "country" });
    for (const v of [undefined, ""]) opt.ok(v);
  });

  it("date: YYYY-MM-DD of a real day; optional may be empty", () => {
    const req = one({ type: "date", required: true });
    for (const v of ["2026-02-28", "2024-02-29"]) req.ok(v);
    for (const v of [undefined, "", "2026-02-30", "2026-13-01", "28.02.2026", "2026-02-28T00:00:00Z", 20260228])
      req.bad(v);
    const opt = one({ type: "date" });
    for (const v of [undefined, ""]) opt.ok(v);
  });
});

describe("buildAnswersSchema: the form as a whole", () => {
  const schema = buildAnswersSchema([
    field({ type: "text", name: "purpose", required: true }),
    field({ type: "checkbox", name: "agree" }),
  ]);

  it("accepts known keys and refuses unknown ones, naming them", () => {
    expect(schema.parse({ purpose: "Study", agree: true })).toEqual({ purpose: "Study", agree: true });
    const r = schema.safeParse({ purpose: "Study", extra: 1, admin: true });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["", "Unknown field(s): extra, admin"]]);
  });

  it("reports every invalid field at once", () => {
    const r = schema.safeParse({ purpose: "", agree: "yes" });
    expect(r.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["agree", "purpose"]);
  });

  it("an empty form accepts only an empty object", () => {
    expect(buildAnswersSchema([]).safeParse({}).success).toBe(true);
    expect(buildAnswersSchema([]).safeParse({ anything: "x" }).success).toBe(false);
    expect(buildAnswersSchema([]).safeParse(null).success).toBe(false);
  });
});
