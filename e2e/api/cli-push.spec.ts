// `weights push` run as an admin would (node lib/cli/bin.mjs, another cwd) against the real stack:
// a 3-part file ends READY after the stack's worker hashed the stored object, which is the local
// file byte for byte; a push killed with SIGKILL after its first recorded part resumes and sends only
// the parts the portal had not recorded (seen by an http/https hook preloaded into the CLI process, not
// taken from the CLI's own output); a READ token (exit 3) and a published version (exit 4) write nothing.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import { rows, withDb } from "../fixtures/db";
import { expectJson, ownModel, person } from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";

// Node + tsx start per CLI run, up to 96 MiB into s3rver and the worker's hash of it.
test.describe.configure({ timeout: 180_000 });

const BIN = fileURLToPath(new URL("../../lib/cli/bin.mjs", import.meta.url));
const MIB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const s3 = () =>
  new S3Client({
    endpoint: process.env.E2E_S3_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

/**
 * Loaded with --import before the CLI: logs every part PUT to the store (`partNumber status`) into
 * PUSH_PUT_LOG, so the spec sees what the process really sent.
 */
const PRELOAD = `import { appendFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
for (const mod of [http, https]) {
  const real = mod.request;
  mod.request = function (target, options, callback) {
    const part = target instanceof URL ? target.searchParams.get("partNumber") : null;
    if (part && options?.method === "PUT") appendFileSync(process.env.PUSH_PUT_LOG, "put " + part + "\\n");
    return real.call(this, target, options, callback);
  };
}
`;

type Started = {
  child: ReturnType<typeof spawn>;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => { stdout: string; stderr: string };
  puts: () => Promise<number[]>;
};

/** Starts `weights` from its own cwd and config dir (no user config leaks in), with the PUT log. */
const startWeights = async (args: string[], env: Record<string, string | undefined>): Promise<Started> => {
  const cwd = await mkdtemp(join(tmpdir(), "weights-push-cwd-"));
  const [preload, log] = [join(cwd, "log-puts.mjs"), join(cwd, "puts.log")];
  await writeFile(preload, PRELOAD);
  await writeFile(log, "");
  const child = spawn(process.execPath, ["--import", preload, BIN, ...args], {
    cwd,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(cwd, "config"),
      WEIGHTS_TOKEN: undefined,
      WEIGHTS_PORTAL: undefined,
      PUSH_PUT_LOG: log,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("close", (code, signal) => r({ code, signal })),
  );
  const puts = async () =>
    (await readFile(log, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => Number(l.split(" ")[1]));
  return { child, closed, output: () => ({ stdout, stderr }), puts };
};
const weights = async (args: string[], env: Record<string, string | undefined>) => {
  const run = await startWeights(args, env);
  const { code } = await run.closed;
  return { code, ...run.output(), puts: await run.puts() };
};

const localFile = async (size: number, name = "weights.bin") => {
  const bytes = randomBytes(size);
  const file = join(await mkdtemp(join(tmpdir(), "weights-push-src-")), name);
  await writeFile(file, bytes);
  return { file, bytes, sha256: sha(bytes) };
};

type FileRow = { id: string; status: string; sha256: string | null; storageKey: string; failureReason: string | null };
const fileRow = (modelId: string, path: string) =>
  withDb(async (c) => {
    const { rows } = await c.query<FileRow>(
      `SELECT f.id, f.status::text AS status, f.sha256, f."storageKey", f."failureReason" FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = $1 AND f.path = $2`,
      [modelId, path],
    );
    return rows[0] ?? null;
  });
const recordedParts = (fileId: string) =>
  withDb(async (c) =>
    (
      await c.query<{ n: number }>(
        `SELECT p."partNumber" AS n FROM "UploadPart" p JOIN "Upload" u ON u.id = p."uploadId" WHERE u."fileId" = $1 ORDER BY 1`,
        [fileId],
      )
    ).rows.map((r) => r.n),
  );
/** Everything a push into the model could write. */
const footprint = (modelId: string) =>
  withDb(async (c) => {
    const n = async (sql: string) => (await c.query<{ n: number }>(sql, [modelId])).rows[0]?.n ?? 0;
    return {
      files: await n(
        `SELECT count(*)::int AS n FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = $1`,
      ),
      uploads: await n(
        `SELECT count(*)::int AS n FROM "Upload" u JOIN "ModelFile" f ON f.id = u."fileId" JOIN "ModelVersion" v ON v.id = f."versionId" WHERE v."modelId" = $1`,
      ),
      audit: await n(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "modelId" = $1`),
    };
  });
const storedSha256 = async (key: string) => {
  const client = s3();
  try {
    const hash = createHash("sha256");
    for await (const chunk of (await client.send(new GetObjectCommand({ Bucket: "weights", Key: key })))
      .Body as Readable)
      hash.update(chunk as Buffer);
    return hash.digest("hex");
  } finally {
    client.destroy();
  }
};
const removeObject = async (key: string | undefined) => {
  if (!key) return;
  const client = s3();
  await client.send(new DeleteObjectCommand({ Bucket: "weights", Key: key })).catch(() => undefined);
  client.destroy();
};

/** An admin with both kinds of token and a PRIVATE model of this test's own with a DRAFT version v1 (made through the API). */
const world = async (request: import("@playwright/test").APIRequestContext, baseURL: string | undefined) => {
  const model = await ownModel();
  const admin = await person({ role: "ADMIN" });
  const [adminToken, readToken] = [
    await createApiToken(admin.userId, "ADMIN"),
    await createApiToken(admin.userId, "READ"),
  ];
  await expectJson(
    await request.post(`/api/v1/admin/models/${model.slug}/versions`, {
      headers: adminToken.headers,
      data: { name: "v1", notes: "pushed by e2e" },
    }),
    201,
  );
  const env = (token: string) => ({ WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: token });
  return { model, admin: env(adminToken.token), read: env(readToken.token) };
};

test("push: a 20 MiB file goes up in 3 parts, the stack's worker verifies it READY, and the stored object is the local file", async ({
  request,
  baseURL,
}) => {
  const w = await world(request, baseURL);
  let key: string | undefined;
  try {
    const src = await localFile(20 * MIB);
    const run = await weights(["push", `${w.model.slug}@v1`, src.file, "--prefix", "onnx"], w.admin);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`ready  onnx/weights.bin  ${src.sha256}`);
    expect(run.stdout).toContain("sent 3 of 3 parts (20.0 MiB)");
    expect(run.puts.sort()).toEqual([1, 2, 3]);
    const row = (await fileRow(w.model.id, "onnx/weights.bin")) as FileRow;
    key = row.storageKey;
    expect(row).toMatchObject({ status: "READY", sha256: src.sha256, failureReason: null });
    // READY was set by the worker (no actor), after it hashed the object itself.
    const verified = await withDb(
      async (c) =>
        (
          await c.query(
            `SELECT "actorId", data->>'measuredSha256' AS m FROM "AuditEvent" WHERE "targetId" = $1 AND action = 'file.verified'`,
            [row.id],
          )
        ).rows,
    );
    expect(verified).toEqual([{ actorId: null, m: src.sha256 }]);
    expect(await storedSha256(row.storageKey)).toBe(src.sha256);

    // The same push again finds the file there and sends nothing.
    const again = await weights(["push", `${w.model.slug}@v1`, src.file, "--prefix", "onnx"], w.admin);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("already uploaded  onnx/weights.bin");
    expect(again.puts).toEqual([]);
  } finally {
    await removeObject(key);
    await w.model.remove();
  }
});

test("push killed with SIGKILL after its first recorded part resumes: the second run sends only the parts not recorded, then READY", async ({
  request,
  baseURL,
}) => {
  const w = await world(request, baseURL);
  let key: string | undefined;
  try {
    // 12 parts: with 4 in flight at a time, the kill lands long before the last one is recorded.
    const src = await localFile(96 * MIB);
    const first = await startWeights(["push", `${w.model.slug}@v1`, src.file, "--no-wait"], w.admin);
    let exited = false;
    void first.closed.then(() => (exited = true));
    const deadline = Date.now() + 60_000;
    let fileId: string | undefined;
    for (;;) {
      fileId ??= (await fileRow(w.model.id, "weights.bin"))?.id;
      if (fileId && (await recordedParts(fileId)).length > 0) break;
      if (exited || Date.now() > deadline)
        throw new Error(`push ended or stalled before a part was recorded: ${JSON.stringify(first.output())}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill("SIGKILL");
    expect((await first.closed).signal).toBe("SIGKILL");
    // A part-record request the process sent just before it died is still served: read what the portal
    // kept once that count has stopped moving (two reads 500 ms apart agree).
    let kept = await recordedParts(fileId);
    for (let settled = false; !settled;) {
      await new Promise((r) => setTimeout(r, 500));
      const again = await recordedParts(fileId);
      settled = again.length === kept.length;
      kept = again;
    }
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(12);
    expect((await fileRow(w.model.id, "weights.bin"))?.status).toBe("UPLOADING");

    const second = await weights(["push", `${w.model.slug}@v1`, src.file], w.admin);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`resuming: ${kept.length} of 12 parts already uploaded  weights.bin`);
    // What this process PUT to the store: exactly the parts the portal lacked, none it had.
    const missing = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => !kept.includes(n));
    expect([...new Set(second.puts)].sort((a, b) => a - b)).toEqual(missing);
    expect(second.stdout).toContain(`ready  weights.bin  ${src.sha256}`);
    const row = (await fileRow(w.model.id, "weights.bin")) as FileRow;
    key = row.storageKey;
    expect(row).toMatchObject({ status: "READY", sha256: src.sha256 });
    expect(await storedSha256(row.storageKey)).toBe(src.sha256);
  } finally {
    await removeObject(key);
    await w.model.remove();
  }
});

test("push with a READ token: exit 3 with the portal's reason, nothing written", async ({ request, baseURL }) => {
  const w = await world(request, baseURL);
  try {
    const src = await localFile(1024);
    const before = await footprint(w.model.id);
    const run = await weights(["push", `${w.model.slug}@v1`, src.file], w.read);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain("This token has read scope");
    expect(run.stderr).toContain("(FORBIDDEN)");
    expect(run.puts).toEqual([]);
    expect(await footprint(w.model.id)).toEqual(before);
  } finally {
    await w.model.remove();
  }
});

test("push into a published version: exit 4 with VERSION_IMMUTABLE's message, nothing written", async ({
  request,
  baseURL,
}) => {
  const w = await world(request, baseURL);
  try {
    await rows.createPublishedVersion(w.model.id, [], { name: "v0", latest: false });
    const src = await localFile(1024);
    const before = await footprint(w.model.id);
    const run = await weights(["push", `${w.model.slug}@v0`, src.file, "--as", "late.bin"], w.admin);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(
      "Version v0 is published and can no longer change; create a new version for any change. (VERSION_IMMUTABLE)",
    );
    expect(run.puts).toEqual([]);
    expect(await footprint(w.model.id)).toEqual(before);
  } finally {
    await w.model.remove();
  }
});
