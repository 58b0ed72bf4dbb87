import { afterEach, describe, expect, it, vi } from "vitest";
import { findFreePort } from "@/infra/local/ports";
import { checkHealth } from "./check-health";

// lib/db and lib/storage cache their clients on globalThis; to see a broken configuration, a test
// hides the cached client, changes process.env, re-imports check-health, and puts everything back.
type Globals = { db?: { $disconnect: () => Promise<void> }; s3?: { destroy: () => void } };
const globals = globalThis as unknown as Globals;
const savedEnv = { ...process.env };
const saved = { db: globals.db, s3: globals.s3 };

const freshCheckHealth = async (envChange: Record<string, string>, hide: keyof Globals) => {
  Object.assign(process.env, envChange);
  globals[hide] = undefined;
  vi.resetModules();
  return (await import("./check-health")).checkHealth;
};

afterEach(async () => {
  if (globals.db !== saved.db) await globals.db?.$disconnect().catch(() => {});
  if (globals.s3 !== saved.s3) globals.s3?.destroy();
  Object.assign(globals, saved);
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  vi.resetModules();
});

describe("checkHealth", () => {
  it("is ok when the database and the bucket answer", async () => {
    expect(await checkHealth()).toEqual({ ok: true, database: "up", storage: "up" });
  });

  it("reports storage down when the bucket does not exist", async () => {
    const check = await freshCheckHealth({ S3_BUCKET: `missing-${Date.now()}` }, "s3");
    expect(await check()).toEqual({ ok: false, database: "up", storage: "down" });
  });

  it("reports storage down, without hanging, when nothing listens at S3_ENDPOINT", async () => {
    const check = await freshCheckHealth({ S3_ENDPOINT: `http://127.0.0.1:${await findFreePort()}` }, "s3");
    const started = Date.now();
    expect(await check()).toEqual({ ok: false, database: "up", storage: "down" });
    // The probe aborts after 3 s; the margin is for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reports the database down when nothing listens at DATABASE_URL", async () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.port = String(await findFreePort());
    const check = await freshCheckHealth({ DATABASE_URL: url.toString() }, "db");
    expect(await check()).toEqual({ ok: false, database: "down", storage: "up" });
  });
});
