import { parse } from "csv-parse/sync";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { callerOf, cleanup, createModel, createUser, uid } from "@/lib/testing/factories";
import { seedAuditChain } from "@/lib/testing/seed-audit-chain";
import { appendAuditEvent } from "./append-audit-event";
import { AUDIT_CSV_COLUMNS, exportAuditCsv } from "./export-audit-csv";
import { hashAuditEvent } from "./hash-audit-event";
import { expectAppError } from "@/lib/testing/expect-app-error";

const modelIds: string[] = [];
afterAll(() => cleanup({ modelIds }));

const parseCsv = (text: string) =>
  (parse(text) as string[][]).map((r) => Object.fromEntries(AUDIT_CSV_COLUMNS.map((col, i) => [col, r[i] as string])));

const readAll = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("exportAuditCsv", () => {
  it("refuses anonymous, non-admin and read-scope callers before reading the query, and records nothing", async () => {
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    const researcher = callerOf(await createUser());
    const exports = () =>
      db.auditEvent.count({ where: { action: "audit.exported", actorId: { in: [admin.id, researcher.id] } } });
    const before = await exports();
    await expectAppError(exportAuditCsv(null, { from: "not a date" }), "SIGN_IN_REQUIRED");
    await expectAppError(exportAuditCsv(researcher, {}), "NOT_FOUND");
    await expectAppError(exportAuditCsv(researcher, { from: "not a date" }), "NOT_FOUND");
    await expectAppError(exportAuditCsv({ ...admin, scope: "READ" }, {}), "FORBIDDEN");
    expect(await exports()).toBe(before);
  });

  it("writes a header and escapes commas, quotes and line breaks; every row's hash can be recomputed from the file", async () => {
    const ns = `ex${uid()}`;
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    // A spreadsheet would run this address as a formula if it were written as is.
    const actor = await createUser({ email: `=cmd|${ns}@example.test` });
    const model = await createModel({ org: ns, name: "m" });
    modelIds.push(model.id);
    const data = {
      note: 'comma, "quoted" and\na second line',
      list: [1, "two, three"],
      nested: { b: 2, a: 1 },
      when: new Date("2031-01-02T03:04:05.678Z"),
    };
    for (const [i, targetId] of ["plain", 'a,b "c"\nd', "-1+2"].entries())
      await db.$transaction((tx) =>
        appendAuditEvent(tx, {
          actorId: actor.id,
          action: `${ns}.thing`,
          modelId: model.id,
          targetType: "Test",
          targetId,
          data: { ...data, i },
        }),
      );

    const text = await readAll(await exportAuditCsv(admin, { action: `${ns}.` }));
    expect(text.split("\n")[0]).toBe(AUDIT_CSV_COLUMNS.join(","));
    const [header, ...rows] = parseCsv(text);
    expect(Object.values(header ?? {})).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.map((r) => r.targetId)).toEqual(["plain", 'a,b "c"\nd', "'-1+2"]);
    expect(Number(rows[1]?.seq)).toBeGreaterThan(Number(rows[0]?.seq));
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({
        actorId: actor.id,
        actorEmail: `'=cmd|${ns}@example.test`,
        action: `${ns}.thing`,
        modelId: model.id,
        modelSlug: model.slug,
        targetType: "Test",
      });
      expect(JSON.parse(row.data as string)).toEqual({ ...data, when: "2031-01-02T03:04:05.678Z", i });
      const targetId = i === 2 ? "-1+2" : (row.targetId as string);
      const content = {
        createdAt: new Date(row.createdAt as string),
        actorId: row.actorId as string,
        action: row.action as string,
        modelId: row.modelId as string,
        targetType: "Test",
        targetId,
        data: JSON.parse(row.data as string) as unknown,
      };
      expect(hashAuditEvent(row.prevHash as string, content)).toBe(row.hash);
    }
  });

  it("is audited before it streams, and ends at its own audit row", async () => {
    const admin = callerOf(await createUser({ role: "ADMIN" }));
    await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: admin.id, action: "test.before_export", targetType: "Test", targetId: "1" }),
    );
    const stream = await exportAuditCsv(admin, { actor: admin.id, model: "no-such/model" });
    expect(
      await db.auditEvent.findFirst({ where: { actorId: admin.id, action: "audit.exported" }, select: { data: true } }),
    ).toEqual({
      data: { filters: { actor: admin.id, model: "no-such/model" } },
    });
    expect(parseCsv(await readAll(stream))).toHaveLength(1); // the header: no such model

    const own = await exportAuditCsv(admin, { actor: admin.id, from: "2020-01-01", to: "2099-12-31" });
    // Written after the export started: not part of it.
    await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: admin.id, action: "test.after_export", targetType: "Test", targetId: "2" }),
    );
    const rows = parseCsv(await readAll(own)).slice(1);
    expect(rows.map((r) => r.action)).toEqual(["test.before_export", "audit.exported", "audit.exported"]);
    expect(JSON.parse(rows[2]?.data as string)).toEqual({
      filters: { actor: admin.id, from: "2020-01-01T00:00:00.000Z", until: "2100-01-01T00:00:00.000Z" },
    });
  });

  it("streams 200,000 rows with flat memory", { timeout: 600_000 }, async () => {
    const ROWS = 200_000;
    const action = `ex${uid()}.bulk`;
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
    // ~400 bytes a row: the whole export is about 80 MB of CSV, more if held as row objects.
    await seedAuditChain(pool, ROWS, {
      actions: [action],
      data: (i) => ({ i, note: `bulk row ${i} `.repeat(12) }),
    }).finally(() => pool.end());
    const admin = callerOf(await createUser({ role: "ADMIN" }));

    // Retained memory (JS heap plus buffers outside it), measured after a full collection, so
    // garbage waiting for the GC does not count.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const retained = () => {
      gc();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    retained(); // the first collection after exposing gc leaves some behind
    const baseline = retained();
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    const started = Date.now();
    const reader = (await exportAuditCsv(admin, { action })).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value;
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines++;
      peak = Math.max(peak, retained() - baseline);
    }
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      `export of ${ROWS} rows: ${mib(bytes)} MiB of CSV in ${Date.now() - started} ms, peak retained memory growth ${mib(peak)} MiB`,
    );
    expect(lines).toBe(ROWS + 1);
    expect(bytes).toBeGreaterThan(64 * 2 ** 20);
    expect(peak).toBeLessThan(32 * 2 ** 20);
  });
});
