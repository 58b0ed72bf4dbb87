import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyAuditChain } from "@/lib/domain/audit/verify-audit-chain";
import { callerOf } from "@/lib/testing/factories";
import { createDownloadableModel, createGrantee, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { withOwnerClient } from "@/lib/testing/owner-db";
import { insertDownloadEvents } from "./insert-download-events";
import { issueSignedUrls } from "./issue-signed-urls";
import { createDownloadRateLimiter } from "./rate-limit-downloads";
import type { RecordInput } from "./record-download-events";

type Gate = Parameters<typeof issueSignedUrls>[1];
const modelIds = trackDownloadModels();
// A commit that fails for real: a deferred constraint trigger raises at COMMIT for any event whose
// user agent is this marker, after every statement of the batch succeeded.
const POISON = "poison-commit-group-test";

beforeAll(() =>
  withOwnerClient(async (c) => {
    await c.query(`CREATE OR REPLACE FUNCTION group_commit_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."userAgent" = '${POISON}' THEN RAISE EXCEPTION 'poisoned commit'; END IF; RETURN NEW; END $$`);
    await c.query(`DROP TRIGGER IF EXISTS group_commit_poison ON "DownloadEvent"`);
    await c.query(`CREATE CONSTRAINT TRIGGER group_commit_poison AFTER INSERT ON "DownloadEvent"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION group_commit_poison()`);
  }),
);
afterAll(() =>
  withOwnerClient(async (c) => {
    await c.query(`DROP TRIGGER IF EXISTS group_commit_poison ON "DownloadEvent"`);
    await c.query(`DROP FUNCTION IF EXISTS group_commit_poison()`);
  }),
);

const world = async (grantees: number) => {
  const { model, version } = await createDownloadableModel(modelIds, [{ path: "a.bin" }]);
  const people: Awaited<ReturnType<typeof createGrantee>>[] = [];
  for (let i = 0; i < grantees; i++) people.push(await createGrantee(model));
  const input = (p: (typeof people)[number], userAgent = "vitest"): RecordInput => ({
    userId: p.user.id,
    model,
    version,
    grantId: p.grant.id,
    files: version.files.map((f) => ({ id: f.id, path: f.path, size: f.size })),
    meta: { channel: "API", ip: null, userAgent },
    issuedAt: new Date(),
    urlExpiresAt: new Date(Date.now() + 600_000),
    via: "file",
  });
  return { model, version, people, input };
};
const rowsOf = async (userId: string) => ({
  events: await db.downloadEvent.count({ where: { userId } }),
  audit: await db.auditEvent.count({ where: { actorId: userId, action: "download.issued" } }),
});

describe("insertDownloadEvents, group commit", () => {
  it("commits concurrent issuances in one batch, each with its events and audit rows, the chain verifiable", async () => {
    const { people, input } = await world(6);
    const results = await Promise.all(people.map((p) => insertDownloadEvents(input(p))));
    for (const [i, p] of people.entries()) {
      expect(results[i]).toHaveLength(1);
      expect(await rowsOf(p.user.id)).toEqual({ events: 1, audit: 1 });
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("refuses only the issuance whose grant was revoked; the rest of its batch commits", async () => {
    const { people, input } = await world(3);
    const [revoked, ...live] = people as [(typeof people)[number], ...typeof people];
    await db.accessRequest.update({ where: { id: revoked.grant.id }, data: { status: "REVOKED", reasonText: "gone" } });
    const outcomes = await Promise.allSettled(people.map((p) => insertDownloadEvents(input(p))));
    await expectAppError(Promise.reject((outcomes[0] as PromiseRejectedResult).reason), "GRANT_REVOKED");
    expect(await rowsOf(revoked.user.id)).toEqual({ events: 0, audit: 0 });
    for (const p of live) expect(await rowsOf(p.user.id)).toEqual({ events: 1, audit: 1 });
  });

  it("charges the rate limit in the batch exactly: of 8 concurrent issuances of one user with 3 allowed, 3 commit", async () => {
    const { model, people, input } = await world(1);
    const p = people[0] as (typeof people)[number];
    const limiter = createDownloadRateLimiter({ points: 3, keyPrefix: `t-${model.id}` });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => insertDownloadEvents({ ...input(p), rateLimit: { limiter } })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    for (const o of outcomes.filter((x) => x.status === "rejected"))
      await expectAppError(Promise.reject((o as PromiseRejectedResult).reason), "RATE_LIMITED");
    expect(await rowsOf(p.user.id)).toEqual({ events: 3, audit: 3 });
  });

  it("answers no caller of a batch whose commit fails, and writes none of its rows", async () => {
    const { people, input } = await world(3);
    const [poisoned, ...others] = people as [(typeof people)[number], ...typeof people];
    // Same tick: one batch, whose COMMIT the poisoned row makes fail.
    const outcomes = await Promise.allSettled([
      insertDownloadEvents(input(poisoned, POISON)),
      ...others.map((p) => insertDownloadEvents(input(p))),
    ]);
    for (const o of outcomes) {
      expect(o.status).toBe("rejected");
      expect(String((o as PromiseRejectedResult).reason)).toMatch(/poisoned commit/);
    }
    for (const p of people) expect(await rowsOf(p.user.id)).toEqual({ events: 0, audit: 0 });
    // The next batch is unaffected.
    expect(await insertDownloadEvents(input(others[0] as (typeof people)[number]))).toHaveLength(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("issues a URL only when its rows committed (issueSignedUrls under a failing commit)", async () => {
    const { model, version, people } = await world(4);
    const limiter = createDownloadRateLimiter({ points: 100, keyPrefix: `t-${model.id}` });
    const gate = { model, version, hasQuota: false, hooked: false, fingerprinting: false };
    const outcomes = await Promise.allSettled(
      people.map((p, i) =>
        // Only the model's id and slug are read past the gate.
        issueSignedUrls(
          callerOf(p.user),
          { ...gate, grantId: p.grant.id } as unknown as Gate,
          version.files.map((f) => ({ ...f, sha256: f.sha256 ?? "" })),
          {
            meta: { channel: "API", ip: null, userAgent: i === 0 ? POISON : "vitest" },
            via: "file",
            limiter,
          },
        ),
      ),
    );
    expect(outcomes[0]?.status).toBe("rejected");
    for (const [i, p] of people.entries()) {
      const rows = await rowsOf(p.user.id);
      if (outcomes[i]?.status === "fulfilled") expect(rows).toEqual({ events: 1, audit: 1 });
      else expect(rows).toEqual({ events: 0, audit: 0 });
    }
  });
});
