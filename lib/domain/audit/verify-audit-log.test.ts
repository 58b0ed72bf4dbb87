// The audit log against signed checkpoints: what someone with the owner's (or a superuser's)
// database credentials can do to the chain and still have it verify on its own, detected through
// a checkpoint signed before. Every tampering runs in a transaction that is rolled back (other test
// files read the shared chain); checkpoints go under a prefix of this file's own.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { uid } from "@/lib/testing/factories";
import { ownerDb } from "@/lib/testing/owner-db";
import { bucket, s3 } from "@/lib/storage/s3-client";
import { appendAuditEvent, AUDIT_CHAIN_LOCK } from "./append-audit-event";
import { checkpointKeys, signCheckpoint } from "./audit-checkpoint";
import { putCheckpoint } from "./checkpoint-store";
import { createAuditCheckpoint } from "./create-audit-checkpoint";
import { hashAuditEvent } from "./hash-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { verifyAuditLog, type AuditVerification } from "./verify-audit-log";

const owner = ownerDb();
afterAll(() => owner.$disconnect());

type Row = {
  seq: bigint;
  createdAt: Date;
  actorId: string | null;
  action: string;
  modelId: string | null;
  targetType: string;
  targetId: string;
  dataText: string;
  prevHash: string;
  hash: string;
};

/** As the owner, in a transaction always rolled back, with the triggers off (replica mode) and the chain's lock held. */
const asSuperuser = async <T>(work: (tx: Tx) => Promise<T>) => {
  const rollback = new Error("rollback");
  let result: T | undefined;
  await owner
    .$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
        result = await work(tx);
        throw rollback;
      },
      { timeout: 180_000 },
    )
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return result as T;
};

const lastRows = async (tx: Tx, n: number) =>
  (
    await tx.$queryRaw<Row[]>`
      SELECT seq, "createdAt", "actorId", action, "modelId", "targetType", "targetId", data::text AS "dataText", "prevHash", hash
      FROM "AuditEvent" ORDER BY seq DESC LIMIT ${n}`
  ).reverse();

/** Makes sure the log has at least a few rows of ours to work on. */
const appendSome = async (tx: Tx, tag: string) => {
  // One after the other: each append reads the tail the previous one wrote.
  for (let i = 0; i < 3; i++)
    await appendAuditEvent(tx, { actorId: null, action: `${tag}.row`, targetType: "Test", targetId: tag });
};

describe("verifyAuditLog against signed checkpoints", { timeout: 240_000 }, () => {
  it("is intact against a checkpoint of the current tail", async () => {
    const prefix = `test-checkpoints/${uid()}/`;
    const result = await asSuperuser(async (tx) => {
      await appendSome(tx, `ck${uid()}`);
      const made = await createAuditCheckpoint({ client: tx, prefix });
      return { made, verification: await verifyAuditLog({ client: tx, prefix }) };
    });
    expect(result.made).not.toBeNull();
    expect(result.verification).toMatchObject({
      ok: true,
      lastSeq: result.made!.checkpoint.seq,
      checkpoint: { status: "matches", seq: result.made!.checkpoint.seq, object: result.made!.key },
      invalidCheckpoints: [],
    });
  });

  it("detects a row rewritten with every later hash recomputed, which the chain alone calls intact", async () => {
    const prefix = `test-checkpoints/${uid()}/`;
    const { chainAlone, verification, tail } = await asSuperuser(async (tx) => {
      await appendSome(tx, `rw${uid()}`);
      const made = await createAuditCheckpoint({ client: tx, prefix });
      // Rewrite the third row from the tail, then re-hash it and the two after it.
      const rows = await lastRows(tx, 3);
      let prev = rows[0]!.prevHash;
      for (const [i, row] of rows.entries()) {
        const data = i === 0 ? { forged: true } : (JSON.parse(row.dataText) as unknown);
        const hash = hashAuditEvent(prev, { ...row, data });
        await tx.$executeRaw`UPDATE "AuditEvent" SET data = ${JSON.stringify(data)}::jsonb, "prevHash" = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`;
        prev = hash;
      }
      return {
        tail: made!.checkpoint,
        chainAlone: await verifyAuditChain({ client: tx }),
        verification: await verifyAuditLog({ client: tx, prefix }),
      };
    });
    expect(chainAlone.ok).toBe(true);
    expect(verification).toMatchObject({
      ok: false,
      reason: "checkpoint_mismatch",
      firstBadSeq: tail.seq,
      expected: tail.hash,
      checkpoint: { status: "rewritten", seq: tail.seq },
    });
    expect((verification as Extract<AuditVerification, { ok: false }>).actual).not.toBe(tail.hash);
  });

  it("detects the newest rows deleted, and deleted then replaced by new rows", async () => {
    const prefix = `test-checkpoints/${uid()}/`;
    const { cut, replaced, tail } = await asSuperuser(async (tx) => {
      await appendSome(tx, `del${uid()}`);
      const made = await createAuditCheckpoint({ client: tx, prefix });
      const rows = await lastRows(tx, 2);
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE seq >= ${rows[0]!.seq}`;
      const cut = await verifyAuditLog({ client: tx, prefix });
      // Appending after the cut gives a chain that verifies on its own, past the checkpoint's seq.
      await appendSome(tx, `del${uid()}`);
      return { tail: made!.checkpoint, cut, replaced: await verifyAuditLog({ client: tx, prefix }) };
    });
    expect(cut).toMatchObject({
      ok: false,
      reason: "rows_missing",
      checkpoint: { status: "rows_missing", seq: tail.seq },
      expected: `rows up to seq ${tail.seq}`,
    });
    expect(replaced).toMatchObject({ ok: false, reason: "rows_missing", checkpoint: { status: "rows_missing" } });
  });

  it("reports a checkpoint whose signature fails, and still checks against the latest valid one", async () => {
    const prefix = `test-checkpoints/${uid()}/`;
    const keys = checkpointKeys(env.AUDIT_CHECKPOINT_KEY as string);
    const { verification, good } = await asSuperuser(async (tx) => {
      await appendSome(tx, `sig${uid()}`);
      const good = (await createAuditCheckpoint({ client: tx, prefix }))!;
      const [row] = await lastRows(tx, 1);
      // A later "checkpoint" with another hash but the good one's signature, and one signed by another key.
      const later = new Date(Date.now() + 60_000);
      const forged = {
        ...signCheckpoint(keys, { seq: row!.seq.toString(), hash: "f".repeat(64) }, later),
        signature: good.checkpoint.signature,
      };
      await putCheckpoint(forged, prefix);
      const other = checkpointKeys(
        (await import("node:crypto"))
          .generateKeyPairSync("ed25519")
          .privateKey.export({ type: "pkcs8", format: "pem" })
          .toString(),
      );
      await putCheckpoint(
        {
          ...signCheckpoint(other, { seq: row!.seq.toString(), hash: row!.hash }, new Date(later.getTime() + 1000)),
          keyId: keys.keyId,
        },
        prefix,
      );
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: `${prefix}9999999999999999999-junk.json`, Body: "{not json" }),
      );
      return { good, verification: await verifyAuditLog({ client: tx, prefix }) };
    });
    expect(verification).toMatchObject({
      ok: false,
      reason: "checkpoint_signature_invalid",
      checkpoint: { status: "matches", seq: good.checkpoint.seq, object: good.key },
    });
    expect(verification.invalidCheckpoints.map((c) => c.reason).sort()).toEqual([
      "not JSON",
      "signature does not verify with the checkpoint key",
      "signature does not verify with the checkpoint key",
    ]);
  });
});
