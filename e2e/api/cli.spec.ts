// The `weights` CLI run as a user would (node lib/cli/bin.mjs, another cwd) against the real stack:
// a verified pull of a seeded model, login's 600 config, and the exit codes of every refusal class
// (3 no token, 4 gate with the next step as an absolute URL, 6 a stored object that is not what
// its sha256 says, with nothing kept under the final name).
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { rows, withDb } from "../fixtures/db";
import { SEEDED, apply, client, expectJson, ownModel, person, seeded, type Submitted } from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";

// Each CLI run starts node + tsx (about a second); the pull test runs eight of them.
test.describe.configure({ timeout: 120_000 });

const BIN = fileURLToPath(new URL("../../lib/cli/bin.mjs", import.meta.url));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
type Listed = {
  revision: { name: string; commitSha: string };
  files: { path: string; size: number; sha256: string | null; status: string }[];
};

type Run = { code: number | null; stdout: string; stderr: string };
/** Runs the CLI from a temporary cwd with its own config dir, so no user config leaks in. */
const weights = async (args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<Run> => {
  const cwd = await mkdtemp(join(tmpdir(), "weights-cwd-"));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(cwd, "config"),
      WEIGHTS_TOKEN: undefined,
      WEIGHTS_PORTAL: undefined,
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(stdin ?? "");
  const code = await new Promise<number | null>((r) => child.on("close", r));
  return { code, stdout, stderr };
};

const allFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

const approvedOn = async (request: APIRequestContext, slug: string) => {
  const me = await person();
  await expectJson<Submitted>(await apply(client(request, me), await seeded(slug)), 201);
  return { ...me, token: (await createApiToken(me.userId, "READ")).token };
};

test("pull: an approved user gets every file with the listed sha256, no .part; a second pull skips them; --include filters", async ({
  baseURL,
  request,
}) => {
  const me = await approvedOn(request, SEEDED.AUTO);
  const env = { WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: me.token };
  const listed = await expectJson<Listed>(await request.get(`/api/v1/models/${SEEDED.AUTO}/revisions/main/files`), 200);
  const dir = await mkdtemp(join(tmpdir(), "weights-pull-"));

  const run = await weights(["pull", SEEDED.AUTO, "--dir", dir], env);
  expect(run.code, run.stderr).toBe(0);
  expect(await allFiles(dir)).toEqual(listed.files.map((f) => f.path).sort());
  for (const f of listed.files) {
    const bytes = await readFile(join(dir, f.path));
    expect(bytes.byteLength).toBe(f.size);
    expect(sha(bytes)).toBe(f.sha256);
    expect(run.stdout).toContain(`downloaded  ${f.path}  ${f.sha256}`);
  }

  const issued = () =>
    withDb(async (c) => (await c.query(`SELECT 1 FROM "DownloadEvent" WHERE "userId" = $1`, [me.userId])).rowCount);
  const issuedBefore = await issued();
  expect(issuedBefore).toBe(listed.files.length);
  const again = await weights(["pull", `${SEEDED.AUTO}@${listed.revision.commitSha}`, "--dir", dir], env);
  expect(again.code, again.stderr).toBe(0);
  for (const f of listed.files) expect(again.stdout).toContain(`up to date  ${f.path}`);
  // Files already on disk are checked against the listing: no URL issued, no download recorded.
  expect(await issued()).toBe(issuedBefore);

  const first = listed.files[0]?.path as string;
  const only = await mkdtemp(join(tmpdir(), "weights-include-"));
  const some = await weights(["pull", SEEDED.AUTO, "--dir", only, "--include", first], env);
  expect(some.code, some.stderr).toBe(0);
  expect(await allFiles(only)).toEqual([first]);

  const who = await weights(["whoami"], env);
  expect([who.code, who.stdout]).toEqual([0, expect.stringContaining(me.email)]);
  const status = await weights(["status", SEEDED.AUTO], env);
  expect([status.code, status.stdout]).toEqual([0, expect.stringContaining(`${SEEDED.AUTO}: granted`)]);
  // A local time with its zone, never the API's raw ISO string.
  expect(status.stdout).not.toMatch(/until \d{4}-\d\d-\d\dT/);
  const ls = await weights(["ls", "ppocr"], env);
  expect([ls.code, ls.stdout]).toEqual([0, expect.stringContaining(SEEDED.AUTO)]);
  expect(ls.stdout).not.toContain(SEEDED.OPEN);
  const [header, row] = ls.stdout.split("\n");
  expect(header).toMatch(/^MODEL +ACCESS +TASK +SUMMARY$/);
  // Columns line up: the access column starts where its header does.
  expect(row?.indexOf("auto")).toBe(header?.indexOf("ACCESS"));

  // What was asked for does not exist or matches nothing: refused (4), not a usage error (2).
  const unknownModel = await weights(["pull", "registry-demo/no-such-model", "--dir", only], env);
  expect([unknownModel.code, unknownModel.stderr]).toEqual([4, expect.stringContaining("NOT_FOUND")]);
  const unknownRevision = await weights(["pull", `${SEEDED.AUTO}@no-such-version`, "--dir", only], env);
  expect(unknownRevision.code).toBe(4);
  const nothing = await weights(["pull", SEEDED.AUTO, "--dir", only, "--include", "*.nothing"], env);
  expect([nothing.code, nothing.stderr]).toEqual([4, expect.stringContaining("matches *.nothing")]);
  const version = await weights(["--version"], env);
  expect([version.code, version.stdout.trim()]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
});

test("pull resumes a .part left by an interrupted run with Range through the real store", async ({
  baseURL,
  request,
}) => {
  const me = await approvedOn(request, SEEDED.AUTO);
  const env = { WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: me.token };
  const manifest = await expectJson<{ files: { path: string; size: number; sha256: string; url: string }[] }>(
    await request.get(`/api/v1/models/${SEEDED.AUTO}/manifest`, { headers: { authorization: `Bearer ${me.token}` } }),
    200,
  );
  const file = manifest.files.reduce((a, b) => (b.size > a.size ? b : a));
  const bytes = await (await request.get(file.url)).body();
  const half = Math.floor(bytes.byteLength / 2);
  const dir = await mkdtemp(join(tmpdir(), "weights-resume-"));
  const part = join(dir, `${file.path}.part`);
  await mkdir(join(part, ".."), { recursive: true });

  // A part whose bytes are wrong proves the rest was appended (Range), not fetched whole: the hash
  // over part + rest fails, exit 6, and the part is gone so the next run starts clean.
  await writeFile(part, Buffer.alloc(half, 0x5a));
  const tampered = await weights(["pull", SEEDED.AUTO, "--dir", dir, "--include", file.path], env);
  expect(tampered.code, tampered.stderr).toBe(6);
  expect(await allFiles(dir)).toEqual([]);

  // The first half of the real bytes, as a killed transfer leaves it: resumed to the exact file.
  await writeFile(part, bytes.subarray(0, half));
  const resumed = await weights(["pull", SEEDED.AUTO, "--dir", dir, "--include", file.path], env);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(await allFiles(dir)).toEqual([file.path]);
  expect(sha(await readFile(join(dir, file.path)))).toBe(file.sha256);
});

test("login checks the token, stores it 600 in a 700 dir, and later commands use it; a bad token stores nothing", async ({
  baseURL,
}) => {
  const me = await person();
  const { token } = await createApiToken(me.userId, "READ");
  const cfg = await mkdtemp(join(tmpdir(), "weights-cfg-"));
  const bad = await weights(
    ["login", "--portal", baseURL as string],
    { XDG_CONFIG_HOME: cfg },
    `hf_${randomUUID().replaceAll("-", "")}\n`,
  );
  expect(bad.code, bad.stderr).toBe(3);
  expect(await readdir(cfg)).toEqual([]);

  const ok = await weights(["login", "--portal", baseURL as string], { XDG_CONFIG_HOME: cfg }, `${token}\n`);
  expect(ok.code, ok.stderr).toBe(0);
  const file = join(cfg, "weights", "config.json");
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect((await stat(join(cfg, "weights"))).mode & 0o777).toBe(0o700);
  expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ portal: baseURL, token });
  const who = await weights(["whoami"], { XDG_CONFIG_HOME: cfg });
  expect([who.code, who.stdout]).toEqual([0, expect.stringContaining(me.email)]);
});

test("no token: pull and whoami exit 3 and write nothing", async ({ baseURL }) => {
  const dir = await mkdtemp(join(tmpdir(), "weights-anon-"));
  const pull = await weights(["pull", SEEDED.AUTO, "--dir", dir], { WEIGHTS_PORTAL: baseURL });
  expect(pull.code).toBe(3);
  expect(pull.stderr).toContain("SIGN_IN_REQUIRED");
  expect(await readdir(dir)).toEqual([]);
  expect((await weights(["whoami"], { WEIGHTS_PORTAL: baseURL })).code).toBe(3);
  const revoked = await weights(["whoami"], { WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: "hf_notarealtoken" });
  expect([revoked.code, revoked.stderr]).toEqual([3, expect.stringContaining("Unknown, expired or revoked token")]);
});

test("a user without a grant: pull and status exit 4 with the gate's message and the absolute next-step URL", async ({
  baseURL,
}) => {
  const stranger = await person();
  const env = { WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: (await createApiToken(stranger.userId, "READ")).token };
  const dir = await mkdtemp(join(tmpdir(), "weights-gate-"));
  const next = `next step: ${baseURL}/models/${SEEDED.MANUAL}/request`;
  const pull = await weights(["pull", SEEDED.MANUAL, "--dir", dir], env);
  expect(pull.code).toBe(4);
  expect(pull.stderr).toContain("REQUEST_REQUIRED");
  expect(pull.stderr).toContain(next);
  expect(await readdir(dir)).toEqual([]);
  const status = await weights(["status", SEEDED.MANUAL], env);
  expect(status.code).toBe(4);
  expect(status.stderr).toContain(next);
  expect(status.stderr).toContain("REQUEST_REQUIRED");
  expect((await weights(["pull", "not-a-slug"], env)).code).toBe(2);
});

test("a stored object whose bytes are not its sha256: exit 6, no final file and no .part", async ({
  baseURL,
  request,
}) => {
  const model = await ownModel({ gating: "AUTO" });
  try {
    const admin = await person({ role: "ADMIN" });
    await expectJson<Submitted>(await apply(client(request, admin), model, {}), 201);
    const good = randomBytes(4096);
    const key = `e2e/${model.id}/weights.bin`;
    await rows.createPublishedVersion(model.id, [
      { path: "weights.bin", size: good.byteLength, sha256: sha(good), storageKey: key },
    ]);
    // The bucket holds other bytes of the same size (bit rot, a bad upload, tampering).
    const s3 = new S3Client({
      endpoint: process.env.E2E_S3_ENDPOINT,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: "weights",
        Key: key,
        Body: randomBytes(good.byteLength),
        ContentType: "application/octet-stream",
      }),
    );

    const dir = await mkdtemp(join(tmpdir(), "weights-corrupt-"));
    const run = await weights(["pull", model.slug, "--dir", dir], {
      WEIGHTS_PORTAL: baseURL,
      WEIGHTS_TOKEN: (await createApiToken(admin.userId, "READ")).token,
    });
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain("sha256 mismatch");
    expect(await readdir(dir)).toEqual([]);
  } finally {
    // DownloadEvents restrict deleting the file they name; they belong to this test's model only.
    await withDb((c) => c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});
