// Fingerprinted copies of the seeded char-LM against the real stack and worker: two researchers each
// get their own marked copy (the first request says COPY_PREPARING, the worker makes it); `ops trace`
// names the right grant for each copy, a re-serialised and an fp16 round-tripped variant, and finds
// nothing in the original or random bytes; a revoked grant's copy leaves the store.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import { castF16, reorder } from "../../lib/fingerprint/attacks";
import { withDb } from "../fixtures/db";
import { downloadCopy, fingerprintedCharLm, s3 } from "../fixtures/fingerprint";
import { apply, client, expectJson, person } from "../fixtures/access-world";

const run = promisify(execFile);
const sileroPath = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@ricky0123/vad-web")),
  "silero_vad_v5.onnx",
);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const exists = (Key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: "weights", Key })).then(
    () => true,
    () => false,
  );

const ops = (args: string[]) =>
  run(process.execPath, ["--conditions=react-server", "--import", "tsx", "infra/ops/index.ts", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      S3_ENDPOINT: process.env.E2E_S3_ENDPOINT,
      S3_BUCKET: "weights",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
      FINGERPRINT_KEY: process.env.E2E_FINGERPRINT_KEY,
      LOG_LEVEL: "silent",
    },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout}${e.stderr}` }),
  );

test("two researchers get their own marked copies of the char-LM; traces name each grant; a revoked grant's copy is deleted", async ({
  request,
}) => {
  test.setTimeout(240_000);
  // Off at first: the admin turns it on through the API below.
  const model = await fingerprintedCharLm({ fingerprinting: false });
  const dir = mkdtempSync(path.join(os.tmpdir(), "e2e-fingerprint-"));
  try {
    const original = model.onnx;
    const admin = await person({ role: "ADMIN" });
    const patched = await expectJson<{ changed: string[] }>(
      await client(request, admin).patch(`/api/v1/admin/models/${model.slug}`, { fingerprinting: true }),
      200,
    );
    expect(patched.changed).toEqual(["fingerprinting"]);

    const a = await person({ role: "ADMIN" });
    const b = await person({ role: "ADMIN" });
    const grants: string[] = [];
    for (const who of [a, b]) {
      const submitted = await expectJson<{ request: { id: string; status: string } }>(
        await apply(client(request, who), model, {}),
        201,
      );
      expect(submitted.request.status).toBe("APPROVED");
      grants.push(submitted.request.id);
    }
    const bytesA = await downloadCopy(request, a, model.slug, original.path);
    const bytesB = await downloadCopy(request, b, model.slug, original.path);
    expect(new Set([original.sha256, sha(bytesA), sha(bytesB)]).size).toBe(3);

    const files = {
      a: bytesA,
      b: bytesB,
      "a-reordered": reorder(bytesA),
      "b-fp16": castF16(bytesB),
      "b-fp16-reordered": reorder(castF16(bytesB)),
      random: new Uint8Array(randomBytes(4096)),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.onnx`), bytes);
    const traced = await ops(["trace", ...Object.keys(files).map((n) => path.join(dir, `${n}.onnx`))]);
    expect(traced.code, traced.out).toBe(0);
    const verdict = (name: string) => traced.out.split("\n").find((l) => l.startsWith(path.join(dir, `${name}.onnx`)));
    expect(verdict("a")).toContain(`fingerprint of grant ${grants[0]}`);
    expect(verdict("b")).toContain(`fingerprint of grant ${grants[1]}`);
    expect(verdict("a-reordered")).toContain(`fingerprint of grant ${grants[0]}`);
    expect(verdict("b-fp16")).toContain(`fingerprint of grant ${grants[1]}`);
    expect(verdict("b-fp16-reordered")).toContain(`fingerprint of grant ${grants[1]}`);
    expect(verdict("random")).toContain("no fingerprint found");
    expect(traced.out).toContain(a.email);

    // The unmarked original, and another model's file (Silero VAD, as the seed stores it): no fingerprint, exit 1.
    const originalBytes = await (
      await s3.send(new GetObjectCommand({ Bucket: "weights", Key: original.storageKey }))
    ).Body!.transformToByteArray();
    expect(sha(originalBytes)).toBe(original.sha256);
    const unmarked = { original: originalBytes, silero: new Uint8Array(readFileSync(sileroPath)) };
    for (const [name, bytes] of Object.entries(unmarked)) writeFileSync(path.join(dir, `${name}.onnx`), bytes);
    const none = await ops(["trace", ...Object.keys(unmarked).map((n) => path.join(dir, `${n}.onnx`))]);
    expect(none.code, none.out).toBe(1);
    expect(none.out.match(/no fingerprint found/g)).toHaveLength(2);

    // Revocation: b's copy leaves the store and the database.
    const keyB = await withDb(
      async (c) =>
        (
          await c.query<{ storageKey: string }>(
            `SELECT "storageKey" FROM "FingerprintCopy" WHERE "grantId" = $1 AND status = 'READY'`,
            [grants[1]],
          )
        ).rows[0]?.storageKey,
    );
    expect(keyB && (await exists(keyB))).toBe(true);
    const revoked = await ops(["revoke", b.email, model.slug, "--reason", "leaked"]);
    expect(revoked.code, revoked.out).toBe(0);
    await expect.poll(() => exists(keyB as string), { timeout: 60_000, intervals: [500] }).toBe(false);
    // The sweep deletes the object first and the row a moment later, so the row is polled too.
    await expect
      .poll(
        () =>
          withDb(
            async (c) => (await c.query(`SELECT 1 FROM "FingerprintCopy" WHERE "grantId" = $1`, [grants[1]])).rowCount,
          ),
        { timeout: 10_000, intervals: [200] },
      )
      .toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await withDb(async (c) => {
      await c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" = $1`, [model.id]);
    });
    await model.remove();
  }
});
