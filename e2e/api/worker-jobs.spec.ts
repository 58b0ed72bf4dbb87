// The verify and inspect jobs in real worker processes against the e2e stack's PostgreSQL and S3:
// (1) the stack's worker takes a VERIFYING file to READY and stores its inspection, which the model
// page shows; a wrong declared sha256 ends FAILED with the reason; the seeded files carry theirs.
// (2) a worker killed -9 mid-file: pg-boss hands the job out again after its expiry, a restarted
// worker completes it, and it completes once (one audit row, one webhook delivery).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import PgBoss from "pg-boss";
import { sealJson } from "../../lib/jobs/seal";
import { rows, withDb } from "../fixtures/db";
import { createModel, type TestModel } from "../fixtures/models";
import { createSession } from "../fixtures/session";

test.describe.configure({ timeout: 180_000 });
// The SDK version is pinned in the lockfile (docs/ARCHITECTURE.md); its Node 22 notice is only noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUCKET = "weights";
const require = createRequire(import.meta.url);
const SILERO = readFileSync(path.join(path.dirname(require.resolve("@ricky0123/vad-web")), "silero_vad_v5.onnx"));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const s3 = () =>
  new S3Client({
    endpoint: process.env.E2E_S3_ENDPOINT,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

/** pg-boss as a sender (no maintenance or cron of its own unless asked). */
const startBoss = async () => {
  const boss = new PgBoss({
    connectionString: process.env.E2E_APP_DATABASE_URL,
    schema: "pgboss",
    supervise: false,
    schedule: false,
    max: 2,
  });
  boss.on("error", () => {});
  await boss.start();
  return boss;
};

type Arranged = { fileId: string; key: string; versionId: string; commitSha: string };

/** A published version of `model` (its latest) with one VERIFYING file whose object holds `bytes`. */
const addVerifyingFile = async (
  model: TestModel,
  path: string,
  bytes: Uint8Array,
  declaredSha256: string,
): Promise<Arranged> => {
  const commitSha = randomBytes(20).toString("hex");
  const key = `models/${model.id}/${commitSha}/${path}`;
  const client = s3();
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes })).finally(() => client.destroy());
  const version = await rows.createPublishedVersion(
    model.id,
    [{ path, size: bytes.byteLength, sha256: null, declaredSha256, storageKey: key, status: "VERIFYING" }],
    { name: `v-${commitSha.slice(0, 6)}`, commitSha },
  );
  const [file] = version.files;
  if (!file) throw new Error("the version has no file");
  const [fileId, versionId] = [file.id, version.id];
  return { fileId, key, versionId, commitSha };
};

type FileRow = {
  status: string;
  sha256: string | null;
  failureReason: string | null;
  inspection: Record<string, unknown> | null;
};
const fileRow = (id: string) =>
  withDb(
    async (c) =>
      (
        await c.query<FileRow>(
          `SELECT status::text, sha256, "failureReason", inspection FROM "ModelFile" WHERE id = $1`,
          [id],
        )
      ).rows[0],
  );
const auditActions = (fileId: string) =>
  withDb(async (c) =>
    (
      await c.query<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE "targetId" = $1 ORDER BY seq`, [fileId])
    ).rows.map((r) => r.action),
  );
const jobRow = (name: string, id: string) =>
  withDb(
    async (c) =>
      (
        await c.query<{ state: string; retry_count: number }>(
          `SELECT state::text, retry_count FROM pgboss.job WHERE name = $1 AND id = $2`,
          [name, id],
        )
      ).rows[0],
  );

/** Page HTML with React's `<!-- -->` text separators removed, to search for what a reader sees. */
const text = (html: string) => html.replaceAll("<!-- -->", "");

/** Polls `probe` until `done` holds (Playwright's expect.poll, with the value in the failure message). */
const waitFor = <T>(probe: () => Promise<T>, done: (v: T) => boolean, timeout = 30_000) =>
  expect
    .poll(
      async () => {
        const v = await probe();
        return done(v) ? "ok" : JSON.stringify(v);
      },
      { timeout, intervals: [100, 200, 500] },
    )
    .toBe("ok");

test("the stack's worker verifies a VERIFYING file to READY and inspects it; the model page shows it; a wrong declared sha256 ends FAILED", async ({
  request,
}) => {
  const model = await createModel();
  const boss = await startBoss();
  try {
    const good = await addVerifyingFile(model, "onnx/silero_vad.onnx", SILERO, sha(SILERO));
    // The job as enqueueFileVerification sends it (queue verify-file, payload { fileId }).
    await boss.send(
      "verify-file",
      { fileId: good.fileId },
      { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
    );
    await waitFor(
      () => fileRow(good.fileId),
      (f) => f?.status === "READY" && f.inspection !== null,
    );
    const ready = await fileRow(good.fileId);
    expect(ready).toMatchObject({ status: "READY", sha256: sha(SILERO), failureReason: null });
    expect(ready?.inspection).toMatchObject({
      kind: "onnx",
      schemaVersion: 1,
      opsets: [{ domain: "", version: 16 }],
      inputs: [
        { name: "input", type: "float32" },
        { name: "state", shape: [2, null, 128] },
        { name: "sr", type: "int64", shape: [] },
      ],
      outputs: [{ name: "output" }, { name: "stateN" }],
      parameterCount: 545_597,
    });
    expect(await auditActions(good.fileId)).toEqual(["file.verified", "file.inspected"]);

    // On the model page (a private test model: an admin sees it), below the files.
    const admin = await createSession(`worker-jobs-admin-${randomUUID().slice(0, 8)}@e2e.test`, "ADMIN");
    const page = await request.get(`/models/${model.slug}`, { headers: { cookie: admin.cookieHeader } });
    expect(page.status()).toBe(200);
    const html = text(await page.text());
    for (const text of [
      "Model details",
      "onnx/silero_vad.onnx",
      "stateN",
      "opset 16",
      "546 K parameters",
      "[2, ?, 128]",
    ])
      expect(html).toContain(text);

    const wrong = sha(Buffer.from("not these bytes"));
    const bad = await addVerifyingFile(model, "bad.onnx", SILERO, wrong);
    await boss.send(
      "verify-file",
      { fileId: bad.fileId },
      { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
    );
    await waitFor(
      () => fileRow(bad.fileId),
      (f) => f?.status !== "VERIFYING",
    );
    expect(await fileRow(bad.fileId)).toEqual({
      status: "FAILED",
      sha256: null,
      failureReason: `sha256 ${sha(SILERO).slice(0, 12)}… does not match the declared ${wrong.slice(0, 12)}…`,
      inspection: null,
    });
    expect(await auditActions(bad.fileId)).toEqual(["file.failed"]);
  } finally {
    await boss.stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
    await model.remove();
  }
});

test("the seeded models' files carry their inspection from the seed, and the public page shows it", async ({
  request,
}) => {
  const rows = await withDb(
    async (c) =>
      (
        await c.query<{ slug: string; inspection: { kind: string; inputs: { name: string }[] } | null }>(
          `SELECT m.slug, f.inspection FROM "ModelFile" f JOIN "ModelVersion" v ON v.id = f."versionId" JOIN "Model" m ON m.id = v."modelId"
       WHERE m.slug IN ('registry-demo/tiny-char-lm', 'silero/silero-vad', 'paddlepaddle/ppocr-text-orientation') ORDER BY m.slug`,
        )
      ).rows,
  );
  expect(rows.map((r) => [r.slug, r.inspection?.kind, r.inspection?.inputs.map((i) => i.name)])).toEqual([
    ["paddlepaddle/ppocr-text-orientation", "onnx", ["x"]],
    ["registry-demo/tiny-char-lm", "onnx", ["input_ids"]],
    ["silero/silero-vad", "onnx", ["input", "state", "sr"]],
  ]);
  const html = text(await (await request.get("/models/silero/silero-vad")).text());
  for (const text of ["Model details", "silero_vad.onnx", "stateN", "opset 16", "produced by spox"])
    expect(html).toContain(text);
});

/**
 * A TCP proxy in front of s3rver that passes responses at `bytesPerSecond`: the worker behind it
 * takes seconds over a small object, so it can be killed while it is surely mid-file.
 */
const startSlowProxy = async (target: URL, bytesPerSecond: number) => {
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      forwarded += chunk.length;
      client.write(chunk);
      upstream.pause();
      setTimeout(() => upstream.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
    upstream.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
};

/** A local webhook receiver that counts what it is sent. */
const startReceiver = async () => {
  const received: { type: string; fileId: string }[] = [];
  const server = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const event = JSON.parse(body) as { type: string; data: { fileId: string } };
      received.push({ type: event.type, fileId: event.data.fileId });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

/**
 * `node --conditions=react-server --import tsx workers/index.ts`, as the stack starts its worker, with
 * the e2e stack's database and bucket. JOB_QUEUE_PREFIX gives it queues of its own: the stack's
 * worker serves `verify-file`, this one `<prefix>verify-file`, so the stack's worker can never take
 * the job this test means to interrupt, and this one takes no other test's jobs.
 */
const startWorker = async ({
  prefix,
  s3Endpoint,
  baseURL,
  secret,
}: {
  prefix: string;
  s3Endpoint: string;
  baseURL: string;
  secret: string;
}) => {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    SERVICE_NAME: "worker-e2e",
    LOG_LEVEL: "info",
    DATABASE_URL: process.env.E2E_APP_DATABASE_URL,
    S3_ENDPOINT: s3Endpoint,
    S3_BUCKET: BUCKET,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
    // This worker sends no mail (its own send-email queue stays empty); the URL only has to be valid.
    SMTP_URL: "smtp://127.0.0.1:9",
    NEXTAUTH_URL: baseURL,
    // Opens the test webhook's sealed signing secret.
    NEXTAUTH_SECRET: secret,
    JOB_QUEUE_PREFIX: prefix,
    VERIFY_JOB_TIMEOUT_SECONDS: "20",
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "workers/index.ts")],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await expect
    .poll(() => (child.exitCode !== null ? `exited: ${log}` : log.includes("worker ready") ? "ready" : "starting"), {
      timeout: 60_000,
    })
    .toBe("ready");
  return { child, exited, log: () => log };
};

const stopWorker = async (w: { child: ChildProcess; exited: Promise<number | null> } | undefined) => {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill("SIGTERM");
  await w.exited;
};

test("a worker killed -9 mid-file: the job runs again after its expiry on a restarted worker and completes once", async ({
  baseURL,
}) => {
  const model = await createModel();
  const prefix = `e2e-kill-${randomUUID().slice(0, 8)}.`;
  const queue = `${prefix}verify-file`;
  const secret = randomBytes(32).toString("base64url");
  // 24 MiB through a 3 MB/s proxy: about 8 s of reading, of which the test lets about one pass.
  const bytes = randomBytes(24 * 1024 * 1024);
  const proxy = await startSlowProxy(new URL(process.env.E2E_S3_ENDPOINT as string), 3_000_000);
  const receiver = await startReceiver();
  const boss = await startBoss();
  let first: Awaited<ReturnType<typeof startWorker>> | undefined;
  let second: Awaited<ReturnType<typeof startWorker>> | undefined;
  const file = await addVerifyingFile(model, "weights/big.bin", bytes, sha(bytes));
  try {
    const sealed = sealJson(secret, `whsec_${randomBytes(24).toString("base64")}`);
    await withDb((c) =>
      c.query(`INSERT INTO "Webhook" (id, url, events, secret, "modelId") VALUES ($1, $2, $3, $4, $5)`, [
        `e2e${randomUUID().replaceAll("-", "")}`,
        receiver.url,
        ["file.ready", "file.failed"],
        sealed,
        model.id,
      ]),
    );
    first = await startWorker({ prefix, s3Endpoint: proxy.endpoint, baseURL: baseURL as string, secret });
    // Expiry short for the test (the app's default is VERIFY_JOB_TIMEOUT_SECONDS, an hour); the rest as the app sends it.
    const jobId = (await boss.send(
      queue,
      { fileId: file.fileId },
      { retryLimit: 8, retryDelay: 1, retryBackoff: true, expireInSeconds: 12 },
    )) as string;

    // Kill it once the job is active and a first MiB of the object has gone through: mid-file for sure.
    await waitFor(
      async () => ({ job: await jobRow(queue, jobId), forwarded: proxy.forwarded() }),
      (v) => v.job?.state === "active" && v.forwarded > 1024 * 1024,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(proxy.forwarded()).toBeLessThan(bytes.byteLength);
    expect(await fileRow(file.fileId)).toMatchObject({ status: "VERIFYING", sha256: null });
    // Not completed by the dead worker. Still active, or already moved to retry when the stack's own
    // worker ran maintenance after the expiry (a busy machine can make the wait above that long).
    expect(["active", "retry"]).toContain((await jobRow(queue, jobId))?.state);
    expect((await jobRow(queue, jobId))?.retry_count).toBe(0);

    // Nobody completes the job now: it stays active until started_on + expire_in. Then pg-boss's own
    // maintenance (failJobsByTimeout, which any supervising pg-boss runs every couple of minutes) moves
    // it to retry; the test runs that maintenance itself rather than wait for the next round.
    await waitFor(
      () =>
        withDb(
          async (c) =>
            (
              await c.query<{ expired: boolean }>(
                `SELECT started_on + expire_in < now() AS expired FROM pgboss.job WHERE id = $1`,
                [jobId],
              )
            ).rows[0]?.expired,
        ),
      (expired) => expired === true,
    );
    await boss.maintain();
    expect((await jobRow(queue, jobId))?.state).toBe("retry");

    second = await startWorker({
      prefix,
      s3Endpoint: process.env.E2E_S3_ENDPOINT as string,
      baseURL: baseURL as string,
      secret,
    });
    await waitFor(
      () => jobRow(queue, jobId),
      (j) => j?.state === "completed",
    );
    expect(await jobRow(queue, jobId)).toEqual({ state: "completed", retry_count: 1 });
    expect(await fileRow(file.fileId)).toMatchObject({ status: "READY", sha256: sha(bytes), failureReason: null });
    expect(await auditActions(file.fileId)).toEqual(["file.verified"]);
    const deliveries = () =>
      withDb(
        async (c) =>
          (
            await c.query<{ event: string; status: string }>(
              `SELECT d.event, d.status::text FROM "WebhookDelivery" d JOIN "Webhook" w ON w.id = d."webhookId" WHERE w."modelId" = $1`,
              [model.id],
            )
          ).rows,
      );
    await waitFor(deliveries, (d) => d.some((x) => x.status !== "PENDING"));
    expect(await deliveries()).toEqual([{ event: "file.ready", status: "SUCCEEDED" }]);
    // A little longer: nothing else arrives.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toEqual([{ type: "file.ready", fileId: file.fileId }]);
  } finally {
    await stopWorker(first);
    await stopWorker(second);
    // The prefixed queues and their cron schedule belong to this test alone.
    await boss.unschedule(`${prefix}expire-grants`).catch(() => {});
    for (const name of ["send-email", "expire-grants", "deliver-webhook", "verify-file", "inspect-file"])
      await boss.deleteQueue(`${prefix}${name}`).catch(() => {});
    await boss.stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
    await Promise.all([proxy.close(), receiver.close()]);
    const client = s3();
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: file.key })).finally(() => client.destroy());
    await model.remove();
  }
});
