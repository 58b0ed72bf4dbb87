import { expect, test } from "@playwright/test";

type CatalogPage = {
  models: {
    slug: string;
    name: string;
    summary: string;
    task: string;
    gating: string;
    license: string;
    licenseVersion: string;
    updatedAt: string;
  }[];
  page: number;
  pageSize: number;
  total: number;
};
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

const seeded: Record<string, { name: string; task: string; gating: string; license: string }> = {
  "registry-demo/tiny-char-lm": {
    name: "Tiny character-level LM",
    task: "text-generation",
    gating: "MANUAL",
    license: "Demo Research License (Non-Commercial)",
  },
  "silero/silero-vad": {
    name: "Silero VAD v5",
    task: "voice-activity-detection",
    gating: "OPEN",
    license: "MIT License",
  },
  "paddlepaddle/ppocr-text-orientation": {
    name: "PP-OCR text orientation classifier",
    task: "image-classification",
    gating: "AUTO",
    license: "Apache License 2.0",
  },
};

test("GET /api/v1/models lists the three seeded models with their public fields", async ({ request }) => {
  const res = await request.get("/api/v1/models");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  const body = (await res.json()) as CatalogPage;
  expect(body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
  expect(body.models.map((m) => m.slug).sort()).toEqual(Object.keys(seeded).sort());
  for (const m of body.models) {
    expect(Object.keys(m).sort()).toEqual([
      "gating",
      "license",
      "licenseVersion",
      "name",
      "slug",
      "summary",
      "task",
      "updatedAt",
    ]);
    expect(m, m.slug).toMatchObject(seeded[m.slug] ?? {});
    expect(new Date(m.updatedAt).toISOString()).toBe(m.updatedAt);
  }
  // Newest first.
  const times = body.models.map((m) => Date.parse(m.updatedAt));
  expect(times).toEqual([...times].sort((a, b) => b - a));
});

test("GET /api/v1/models filters by search text and by task", async ({ request }) => {
  const byName = (await (await request.get("/api/v1/models?q=ocr")).json()) as CatalogPage;
  expect(byName.total).toBe(1);
  expect(byName.models.map((m) => m.slug)).toEqual(["paddlepaddle/ppocr-text-orientation"]);

  const byTitle = (await (await request.get("/api/v1/models?q=Character-Level")).json()) as CatalogPage;
  expect(byTitle.models.map((m) => m.slug)).toEqual(["registry-demo/tiny-char-lm"]);

  const byTask = (await (await request.get("/api/v1/models?task=text-generation")).json()) as CatalogPage;
  expect(byTask.total).toBe(1);
  expect(byTask.models.map((m) => m.slug)).toEqual(["registry-demo/tiny-char-lm"]);

  const none = (await (await request.get("/api/v1/models?q=ocr&task=text-generation")).json()) as CatalogPage;
  expect(none).toMatchObject({ total: 0, models: [] });
});

test("GET /api/v1/models paginates: pages of one hold different models and the total stays 3", async ({ request }) => {
  const pages: CatalogPage[] = [];
  for (const n of [1, 2, 3, 4]) {
    const res = await request.get(`/api/v1/models?pageSize=1&page=${n}`);
    expect(res.status()).toBe(200);
    pages.push((await res.json()) as CatalogPage);
  }
  for (const [i, p] of pages.entries()) expect(p).toMatchObject({ page: i + 1, pageSize: 1, total: 3 });
  expect(pages.slice(0, 3).map((p) => p.models.length)).toEqual([1, 1, 1]);
  expect(pages[3]?.models).toEqual([]);
  const slugs = pages.flatMap((p) => p.models.map((m) => m.slug));
  expect(new Set(slugs).size).toBe(3);
  expect(slugs.sort()).toEqual(Object.keys(seeded).sort());
});

for (const [query, field] of [
  ["pageSize=abc", "pageSize"],
  ["pageSize=1000", "pageSize"],
  ["pageSize=0", "pageSize"],
  ["page=abc", "page"],
  ["task=NOT%20VALID", "task"],
  [`q=${"x".repeat(101)}`, "q"],
] as const) {
  test(`GET /api/v1/models?${query.slice(0, 20)} is refused with 422 naming "${field}"`, async ({ request }) => {
    const res = await request.get(`/api/v1/models?${query}`);
    expect(res.status()).toBe(422);
    expect(res.headers()["content-type"]).toContain("application/json");
    const text = await res.text();
    const body = JSON.parse(text) as ErrorBody;
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toEqual(expect.any(String));
    expect(Object.keys(body.error.fields ?? {})).toEqual([field]);
    expect(body.error.fields?.[field]?.[0]).toEqual(expect.any(String));
    // Never internals: no stack frames, no source paths.
    expect(text).not.toMatch(/\bat \S+ \(|\bat .*:\d+:\d+|node_modules|\.tsx?\b|\.m?js\b|\/work\/|webpack|turbopack/i);
  });
}

test("search text is matched literally: % and _ are not wildcards", async ({ request }) => {
  for (const q of ["%25", "_", "s_lero"]) {
    const body = (await (await request.get(`/api/v1/models?q=${q}`)).json()) as CatalogPage;
    expect(body.total, `q=${decodeURIComponent(q)}`).toBe(0);
  }
});

test("a NUL character in q is refused at the edge with 400 BAD_REQUEST, not a 500", async ({ request }) => {
  const res = await request.get("/api/v1/models?q=vad%00");
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
});
