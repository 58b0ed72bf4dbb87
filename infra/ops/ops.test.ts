// `npm run ops` end to end: the real command as a child process, against the test stack's database
// (DATABASE_URL), and once against an embedded data dir (not running, then running).
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { findFreePort } from "@/infra/local/ports";
import { startPostgres } from "@/infra/local/postgres";
import { runPrisma } from "@/prisma/prisma-cli";
import { findTokenCaller } from "@/lib/auth/find-token-caller";
import { db } from "@/lib/db";
import { hashToken, looksLikeToken } from "@/lib/domain/tokens/token-hash";
import { createGatedModel, createResearcher, DAY_MS, gateSnapshot, mailJobsTo, uid } from "@/lib/testing/factories";
import { trackTestRows } from "@/lib/testing/track-test-rows";

const root = path.resolve(import.meta.dirname, "../..");
const stackEnv = JSON.parse(inject("stackEnv")) as Env;
const { modelIds, emails } = trackTestRows();

type Env = Record<string, string | undefined>;
type Run = { code: number | null; stdout: string; stderr: string };
const ops = (args: string[], env: Env = stackEnv) =>
  new Promise<Run>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(root, "infra/ops/index.ts"), ...args],
      {
        cwd: root,
        env: env as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });

const newEmail = (prefix: string) => {
  const email = `${prefix}-${uid()}@example.test`;
  emails.push(email);
  return email;
};
const setup = async () => {
  const model = await createGatedModel({ org: `ops${uid()}`, gating: "MANUAL", grantDurationDays: 30 });
  modelIds.push(model.id);
  return model;
};
const auditFor = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { seq: "asc" } });

// Each run is a fresh Node process (tsx, Prisma client): seconds each, more under a parallel suite.
describe("ops against DATABASE_URL", { timeout: 180_000 }, () => {
  it("usage errors exit 2 and touch nothing; help exits 0", async () => {
    for (const args of [
      [],
      ["grant", "not-an-email", "a/b"],
      ["grant", "x@example.test"],
      ["create-token", "x@example.test", "--scope", "root"],
      ["frobnicate"],
    ]) {
      const run = await ops(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
    }
    const bad = await ops(["grant", "not-an-email", "a/b"]);
    expect(bad.stderr).toMatch(/not a valid e-mail address/);
    const help = await ops(["grant", "--help"]);
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("Usage: ops grant [options] <email> <org/name>"),
    });
  });

  it("make-admin promotes once (audited via ops); an unknown address exits 1 and creates no one", async () => {
    const { user } = await createResearcher();
    const first = await ops(["make-admin", user.email!]);
    expect(first).toMatchObject({ code: 0, stdout: `${user.email} is now an admin.\n` });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("ADMIN");
    expect((await auditFor(user.id)).map((a) => [a.action, a.actorId, a.data])).toEqual([
      ["user.role_changed", null, { to: "ADMIN", via: "ops" }],
    ]);
    expect(await ops(["make-admin", user.email!])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("already an admin; nothing changed"),
    });
    expect(await auditFor(user.id)).toHaveLength(1);

    const nobody = newEmail("nobody");
    const refused = await ops(["make-admin", nobody]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/No user with the e-mail .*they must sign in once, or use create-token\/grant/);
    expect(await db.user.count({ where: { email: nobody } })).toBe(0);
  });

  it("grant creates the user and the grant (audited via ops, mailed), says the license is still to accept; revoke ends it", async () => {
    const model = await setup();
    const email = newEmail("granted");
    const granted = await ops(["grant", email, model.slug, "--days", "10"]);
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toMatch(
      new RegExp(`^Granted ${email} access to ${model.slug} until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.\\n`),
    );
    expect(granted.stdout).toContain(
      `Before downloading they must accept ${model.licenseVersion.license.name} version 1.0: http://localhost:`,
    );
    expect(granted.stderr).toContain(`Created the user ${email}`);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const request = await db.accessRequest.findFirstOrThrow({ where: { userId: user.id, modelId: model.id } });
    expect(request).toMatchObject({ status: "APPROVED", reasonCode: "GRANTED_BY_OPERATOR", licenseVersionId: null });
    expect(Math.abs(request.expiresAt!.getTime() - (Date.now() + 10 * DAY_MS))).toBeLessThan(120_000);
    expect((await auditFor(request.id)).map((a) => [a.action, a.actorId, (a.data as { via?: string }).via])).toEqual([
      ["access_request.approved", null, "ops"],
    ]);
    expect((await auditFor(user.id)).map((a) => [a.action, a.actorId, a.data])).toEqual([
      ["user.created", null, { email, via: "ops" }],
    ]);
    expect((await mailJobsTo(email)).map((j) => j.subject)).toEqual([`Access approved: ${model.slug}`]);

    const revoked = await ops(["revoke", email, model.slug, "--reason", "Licence terms breached."]);
    expect(revoked).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Revoked ${email}'s access to ${model.slug}`),
    });
    expect(await db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "REVOKED",
      reasonText: "Licence terms breached.",
    });
    const rows = await auditFor(request.id);
    expect(rows.map((a) => [a.action, a.actorId, a.data])).toContainEqual([
      "access_request.revoked",
      null,
      { reason: "Licence terms breached.", via: "ops" },
    ]);

    const before = await gateSnapshot({ userId: user.id, modelId: model.id, email });
    const again = await ops(["revoke", email, model.slug]);
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toContain(`${email} has no active grant for ${model.slug}; nothing to revoke.`);
    expect(await gateSnapshot({ userId: user.id, modelId: model.id, email })).toEqual(before);
  });

  it("an unknown model exits 1 and changes nothing (no user created)", async () => {
    const model = await setup();
    const { user } = await createResearcher();
    const before = await gateSnapshot({ userId: user.id, modelId: model.id, email: user.email });
    const missing = `${model.org}/missing`;
    for (const args of [
      ["grant", user.email!, missing],
      ["revoke", user.email!, missing],
    ]) {
      const run = await ops(args);
      expect(run).toMatchObject({ code: 1, stdout: "", stderr: `error: No model ${missing}.\n` });
    }
    const stranger = newEmail("stranger");
    expect(await ops(["grant", stranger, missing])).toMatchObject({ code: 1 });
    expect(await db.user.count({ where: { email: stranger } })).toBe(0);
    expect(await gateSnapshot({ userId: user.id, modelId: model.id, email: user.email })).toEqual(before);
  });

  it("create-token prints only the token, once; it works; an admin-scope token for a non-admin is refused", async () => {
    const email = newEmail("token");
    const run = await ops(["create-token", email, "--days", "7", "--name", "CI mirror"]);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(run.stdout).toBe(`${token}\n`);
    expect(looksLikeToken(token)).toBe(true);
    expect(run.stderr).toContain("It is shown once");
    expect(run.stderr).not.toContain(token);
    const row = await db.apiToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token) },
      select: { id: true, name: true, scope: true, userId: true, user: { select: { email: true } } },
    });
    expect(row).toMatchObject({ name: "CI mirror", scope: "READ", user: { email } });
    expect((await auditFor(row.id)).map((a) => [a.action, a.actorId, (a.data as { via?: string }).via])).toEqual([
      ["token.created", null, "ops"],
    ]);
    expect(await findTokenCaller(`Bearer ${token}`)).toMatchObject({ id: row.userId, email, scope: "READ" });

    const other = newEmail("noadmin");
    const refused = await ops(["create-token", other, "--scope", "admin"]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/not an admin.*run make-admin first/);
    // The refusal rolled back the user it had just created.
    expect(await db.user.count({ where: { email: other } })).toBe(0);
  });

  it("audit-verify reports an intact chain and records the run", async () => {
    const run = await ops(["audit-verify"]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Audit chain intact: \d+ rows verified/) });
    const last = await db.auditEvent.findFirst({
      where: { action: "audit.verified", actorId: null },
      orderBy: { seq: "desc" },
    });
    expect(last?.data).toMatchObject({ ok: true, via: "ops" });
  });
});

describe("ops against the embedded data dir", { timeout: 240_000 }, () => {
  it("no database anywhere: exit 1 saying to run npm start or set DATABASE_URL", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "registry-ops-empty-"));
    try {
      const run = await ops(["audit-verify"], { PATH: process.env.PATH, DATA_DIR: dir });
      expect(run).toMatchObject({ code: 1, stdout: "" });
      expect(run.stderr).toMatch(/DATABASE_URL is not set.*Run `npm start` once/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("starts a stopped embedded PostgreSQL for the command (and stops it), or uses the running one", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "registry-ops-data-"));
    chmodSync(dataDir, 0o755);
    const pgDir = path.join(dataDir, "postgres");
    const env = { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
    try {
      // The layout `npm start` leaves behind: an initialised, migrated database, server stopped.
      const first = await startPostgres({ dir: pgDir, port: await findFreePort(), log: () => {} });
      await runPrisma(["migrate", "deploy"], first.url);
      await first.stop();

      const created = await ops(["create-token", "operator@example.test"], env);
      expect(created.code, created.stderr).toBe(0);
      expect(looksLikeToken(created.stdout.trim())).toBe(true);
      expect(created.stderr).toContain("started for this command");
      // …and stopped again when it was done.
      expect(existsSync(path.join(pgDir, "postmaster.pid"))).toBe(false);
      const intact = await ops(["audit-verify"], env);
      expect(intact).toMatchObject({ code: 0, stdout: "Audit chain intact: 2 rows verified (up to seq 2).\n" });

      // Now "npm start is up": the command connects to the running server and leaves it running.
      const running = await startPostgres({ dir: pgDir, port: await findFreePort(), log: () => {} });
      try {
        const client = new pg.Client({ connectionString: running.url });
        await client.connect();
        await client.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`);
        await client.query(`UPDATE "AuditEvent" SET action = 'token.tampered' WHERE seq = 2`);
        await client.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"`);
        const broken = await ops(["audit-verify"], env);
        expect(broken).toMatchObject({ code: 1, stdout: "" });
        expect(broken.stderr).toContain("Audit chain BROKEN at seq 2: its content no longer matches its hash");
        expect(broken.stderr).not.toContain("started for this command");
        // Still up, and the verification (audit-verify records each run) is in the log.
        const { rows } = await client.query(`SELECT action, data->>'via' AS via FROM "AuditEvent" ORDER BY seq`);
        expect(rows.map((r) => [r.action, r.via])).toEqual([
          ["user.created", "ops"],
          ["token.tampered", "ops"],
          ["audit.verified", "ops"],
          ["audit.verified", "ops"],
        ]);
        await client.end();
      } finally {
        await running.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
