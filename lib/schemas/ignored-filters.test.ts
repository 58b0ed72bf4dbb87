import { describe, expect, it } from "vitest";
import { ZListModelsQuery } from "./catalog";
import { describeIgnoredFilters, parseFiltersLeniently } from "./ignored-filters";
import { ZReviewQueueQuery } from "./review";

describe("parseFiltersLeniently", () => {
  it("reads a hand-typed lower-case status and keeps every valid filter", () => {
    const r = parseFiltersLeniently(ZReviewQueueQuery, { status: "approved", country: "de" });
    expect(r.ignored).toEqual([]);
    expect(r.data).toMatchObject({ status: "APPROVED", country: "DE" });
  });

  it("drops only the unknown values, each explained in a sentence", () => {
    const r = parseFiltersLeniently(ZReviewQueueQuery, {
      status: "granted",
      country: "zz",
      affiliation: "Example University",
      sort: "newest",
    });
    expect(r.data).toMatchObject({ status: "PENDING", affiliation: "Example University", sort: "newest" });
    expect(r.data.country).toBeUndefined();
    expect(r.ignored).toEqual([
      "The filter “status=granted” was ignored: it is not one of the choices.",
      "The filter “country=zz” was ignored: it is not a valid value.",
    ]);
    for (const s of r.ignored) expect(s).not.toMatch(/Invalid|expected|received|\[|\{/);
  });

  it("explains numbers out of range and text that is not a number", () => {
    const r = parseFiltersLeniently(ZListModelsQuery, { q: "vad", page: "abc", pageSize: "1000" });
    expect(r.data).toMatchObject({ q: "vad", page: 1, pageSize: 20 });
    expect(r.ignored).toEqual([
      "The filter “page=abc” was ignored: it is not a number.",
      "The filter “pageSize=1000” was ignored: it is too large.",
    ]);
  });

  it("shortens a very long value and names a filter without its value when none is known", () => {
    const long = parseFiltersLeniently(ZListModelsQuery, { q: "x".repeat(500) });
    expect(long.ignored[0]).toBe(`The filter “q=${"x".repeat(60)}…” was ignored: it is too long.`);
    const r = ZListModelsQuery.safeParse({ page: "0" });
    expect(describeIgnoredFilters(r.error)).toEqual(["The filter “page” was ignored: it is too small."]);
  });
});
