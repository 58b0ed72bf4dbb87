// `npm run ops -- audit-checkpoint` and `audit-verify` against the test stack: the checkpoint is an
// object in the bucket whose signature verifies with the key; verification then runs against it.
import { spawn } from "node:child_process";
import path from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { appendAuditEvent } from "@/lib/domain/audit/append-audit-event";
import { checkpointKeys, openCheckpoint } from "@/lib/domain/audit/audit-checkpoint";
import { bucket, s3 } from "@/lib/storage/s3-client";

const root = path.resolve(import.meta.dirname, "../..");
const stackEnv = JSON.parse(inject("stackEnv")) as Record<string, string | undefined>;

const ops = (args: string[], env: Record<string, string | undefined>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(root, "infra/ops/index.ts"), ...args],
      { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });

describe("ops audit-checkpoint", { timeout: 180_000 }, () => {
  it("signs the tail into checkpoints/ in the bucket; audit-verify then checks against it", async () => {
    // (The suite's log may be empty this early: an empty log has nothing to sign.)
    await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorId: null, action: "test.checkpoint", targetType: "Test", targetId: "ops" }),
    );
    const made = await ops(["audit-checkpoint"], stackEnv);
    expect(made.code, made.stderr).toBe(0);
    const m =
      /^Signed checkpoint of seq (\d+) \(hash [0-9a-f]{16}…\) stored as (checkpoints\/\d{19}-\S+\.json)\.\n$/.exec(
        made.stdout,
      );
    expect(m, made.stdout).not.toBeNull();
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: m![2] }));
    const opened = openCheckpoint(
      await object.Body!.transformToString(),
      checkpointKeys(stackEnv.AUDIT_CHECKPOINT_KEY as string).publicKey,
    );
    expect(opened).toMatchObject({ ok: true, checkpoint: { seq: m![1] } });

    const verified = await ops(["audit-verify"], stackEnv);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^Audit chain intact: \d+ rows verified/);
    expect(verified.stderr).toMatch(/Against checkpoint of seq \d+ at .* \(checkpoints\/\d{19}-/);
  });

  it("without a key: exit 1 naming AUDIT_CHECKPOINT_KEY, nothing written", async () => {
    const run = await ops(["audit-checkpoint"], { ...stackEnv, AUDIT_CHECKPOINT_KEY: undefined });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toContain("No checkpoint key: set AUDIT_CHECKPOINT_KEY");
  });
});
