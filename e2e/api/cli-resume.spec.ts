// `weights pull` killed mid-transfer (SIGKILL, no chance to clean up) and run again against the
// real stack: the second run must resume the .part with Range rather than start over. Proof: between
// the runs the stored object's bytes *before* the kill offset are replaced, so only a transfer of
// the remaining bytes appended to the kept part can match the file's sha256.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { addBigFile, hashStream, keystream, putStream, spliced } from "../fixtures/big-file";
import { withDb } from "../fixtures/db";
import { apply, client, expectJson, ownModel, person, type Submitted } from "../fixtures/access-world";
import { createApiToken } from "../fixtures/review-world";

// Two 256 MiB uploads into s3rver, two CLI runs (node + tsx start) and a 256 MiB hash.
test.describe.configure({ timeout: 180_000 });

const BIN = fileURLToPath(new URL("../../lib/cli/bin.mjs", import.meta.url));
const SIZE = 256 * 1024 * 1024;
/** Kill once the part holds at least this much: well inside the file, whatever the disk speed. */
const KILL_AFTER = 8 * 1024 * 1024;

const sizeOf = async (file: string) => (await stat(file).catch(() => null))?.size ?? null;

/** Starts `weights` from its own cwd and config dir (no user config leaks in). */
const startWeights = async (args: string[], env: Record<string, string | undefined>) => {
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
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("close", (code, signal) => r({ code, signal })),
  );
  return { child, closed, output: () => ({ stdout, stderr }) };
};

test("pull killed mid-file keeps only a .part; the next pull resumes it with Range to the exact file and removes the .part", async ({
  baseURL,
  request,
}) => {
  const model = await ownModel({ gating: "AUTO" });
  const dir = await mkdtemp(join(tmpdir(), "weights-killed-"));
  let removeObject: (() => Promise<void>) | undefined;
  try {
    // An admin applicant on a PRIVATE AUTO model (access-world.ts says why): approved at once, license accepted with the request.
    const admin = await person({ role: "ADMIN" });
    await expectJson<Submitted>(await apply(client(request, admin), model, {}), 201);
    const big = await addBigFile(model.id, { path: "model.safetensors", size: SIZE });
    removeObject = big.remove;
    const env = { WEIGHTS_PORTAL: baseURL, WEIGHTS_TOKEN: (await createApiToken(admin.userId, "READ")).token };
    const final = join(dir, big.path);
    const part = `${final}.part`;

    // First run: SIGKILL as soon as the part holds some bytes.
    const first = await startWeights(["pull", model.slug, "--dir", dir], env);
    let exited = false;
    void first.closed.then(() => (exited = true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const have = (await sizeOf(part)) ?? 0;
      if (have >= KILL_AFTER) break;
      if (exited || Date.now() > deadline)
        throw new Error(
          `pull ended or stalled before the kill (part ${have} bytes): ${JSON.stringify(first.output())}`,
        );
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill("SIGKILL");
    expect((await first.closed).signal).toBe("SIGKILL");

    expect(await sizeOf(final)).toBeNull();
    const kept = (await sizeOf(part)) as number;
    expect(kept).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(kept).toBeLessThan(SIZE);
    // What the killed run left is the file's real beginning.
    const prefix = await hashStream(createReadStream(part));
    expect(prefix).toEqual(await hashStream(keystream(big.seed, kept)));

    // The bucket now holds other bytes before `kept` and the same bytes from `kept` on: a pull
    // that started over would hash the wrong beginning and fail (exit 6, as cli.spec.ts shows).
    const swapped = await putStream(big.key, spliced(randomBytes(48), big.seed, kept, SIZE));
    expect(swapped).not.toBe(big.sha256);

    const second = await startWeights(["pull", model.slug, "--dir", dir], env);
    const { code } = await second.closed;
    const { stdout, stderr } = second.output();
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`downloaded  ${big.path}  ${big.sha256}`);
    expect(await readdir(dir)).toEqual([big.path]);
    expect(await hashStream(createReadStream(final))).toEqual({ sha256: big.sha256, size: SIZE });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await removeObject?.().catch(() => undefined);
    // DownloadEvents restrict deleting the file they name; they belong to this test's model only.
    await withDb((c) => c.query(`DELETE FROM "DownloadEvent" WHERE "modelId" = $1`, [model.id]));
    await model.remove();
  }
});
