import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLicenseVersion, uid } from "@/lib/testing/factories";
import { reservedOrgs, ZModelSlug } from "./model-slug";

const root = path.join(import.meta.dirname, "..", "..");

/** Top-level URL segments of app/: route groups `(x)` are transparent, `_x` folders and `[x]` are not segments. */
const topLevelSegments = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_") && !d.name.startsWith("["))
    .flatMap((d) => (/^\(.*\)$/.test(d.name) ? topLevelSegments(path.join(dir, d.name)) : [d.name]));

describe("reserved organisation names", () => {
  it("cover every top-level segment of app/", () => {
    const segments = topLevelSegments(path.join(root, "app"));
    expect(segments).toEqual(expect.arrayContaining(["admin", "api", "models", "account", "sign-in"]));
    expect(segments.filter((s) => !(reservedOrgs as readonly string[]).includes(s))).toEqual([]);
  });

  it("ZModelSlug refuses them in any case and accepts ordinary names", () => {
    for (const org of ["admin", "API", "Models", "sign-in", "datasets"]) {
      const r = ZModelSlug.safeParse({ org, name: "x" });
      expect(r.success, org).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["org"]);
    }
    expect(ZModelSlug.parse({ org: "silero", name: "silero-vad" })).toEqual({ org: "silero", name: "silero-vad" });
    expect(ZModelSlug.safeParse({ org: "administrators", name: "x" }).success).toBe(true);
  });

  it("are the migration's CHECK list, so the database refuses what the schema refuses", () => {
    const dir = path.join(root, "prisma", "migrations");
    const sql = readdirSync(dir)
      .filter((d) => d.endsWith("_reserved_model_orgs"))
      .map((d) => readFileSync(path.join(dir, d, "migration.sql"), "utf8"))[0];
    const list = sql?.match(/NOT IN \(([^)]*)\)/)?.[1] ?? "";
    expect([...list.matchAll(/'([^']+)'/g)].map((m) => m[1])).toEqual([...reservedOrgs]);
  });

  it("the database refuses a model under a reserved org and stores nothing", async () => {
    const { id: licenseVersionId } = await createLicenseVersion();
    for (const org of ["admin", "models", "api"]) {
      const name = `m-${uid()}`;
      const slug = `${org}/${name}`;
      const e = await db.model
        .create({ data: { org, name, slug, title: "t", task: "t", currentLicenseVersionId: licenseVersionId } })
        .catch((x: unknown) => x);
      expect(String((e as Error).message)).toContain("Model_org_not_reserved");
      expect(await db.model.count({ where: { slug } })).toBe(0);
    }
  });
});
