import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

describe("canonicalJson", () => {
  it("does not depend on key order, at any depth", () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1}');
  });

  it("keeps array order (arrays are ordered data)", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson([[{ b: 1, a: 2 }], []])).toBe('[[{"a":2,"b":1}],[]]');
  });

  it("drops undefined object values, as JSON.stringify does", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ a: undefined })).toBe("{}");
    expect(canonicalJson({ n: { a: undefined, b: undefined } })).toBe('{"n":{}}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });

  it("turns undefined at the top level and inside arrays into null, as JSON.stringify does in arrays", () => {
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson([1, undefined])).toBe("[1,null]");
    expect(canonicalJson([1, undefined])).toBe(JSON.stringify([1, undefined]));
  });

  it("agrees with JSON.stringify on scalars and escaping", () => {
    for (const v of [null, true, false, 0, -1.5, 1e21, "", 'quote " and \\ and \n', "ünï ✓ 😀"])
      expect(canonicalJson(v)).toBe(JSON.stringify(v));
    expect(canonicalJson({ 'k"ey': "v" })).toBe('{"k\\"ey":"v"}');
  });

  it("sorts keys by code unit, not locale", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":2,"_":4,"a":3,"b":1}');
  });

  it("round-trips through JSON.parse to the same value (what jsonb would store)", () => {
    const value = { z: [1, "two", { three: 3 }], a: { nested: { deep: true } }, m: null };
    const text = canonicalJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  // Values with toJSON (Date, ...) hash as JSON and jsonb store them, so a chain verified from the
  // database matches what was written.
  it("serialises a Date inside data as JSON (and jsonb) does", () => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    expect(canonicalJson({ at })).toBe('{"at":"2026-01-02T03:04:05.000Z"}');
  });

  it("hashes audit content the same before and after a trip through jsonb", () => {
    const content = {
      createdAt: new Date(),
      actorId: null,
      action: "x",
      modelId: null,
      targetType: "T",
      targetId: "1",
      data: { until: new Date() },
    };
    const stored = { ...content, data: JSON.parse(JSON.stringify(content.data)) as unknown };
    expect(hashAuditEvent(GENESIS_HASH, stored)).toBe(hashAuditEvent(GENESIS_HASH, content));
  });
});
