import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { uid } from "@/lib/testing/factories";
import { enqueue, getBoss, retryOnConflict } from "./queue";
import { sendEmailJob, type TSendEmailPayload } from "./send-email";

// Every job here carries a unique `kind`, which is how the assertions find (only) their own rows.
type JobRow = { id: string; name: string; state: string; data: TSendEmailPayload; retry_limit: number };
const jobsOfKind = (kind: string, client: Pick<typeof db, "$queryRaw"> = db) =>
  client.$queryRaw<
    JobRow[]
  >`SELECT id::text, name, state::text, data, retry_limit FROM pgboss.job WHERE name = 'send-email' AND data->>'kind' = ${kind}`;

const payload = (kind: string): TSendEmailPayload => ({
  to: `queue-${uid()}@example.test`,
  message: { sealed: false, subject: "Hello", text: "Hello there", html: "<p>Hello there</p>" },
  kind,
});
const kinds: string[] = [];
const newKind = () => {
  const k = `test-queue-${uid()}`;
  kinds.push(k);
  return k;
};

// Start pg-boss once so its schema exists before the first query (an invalid payload never reaches it).
beforeAll(async () => void (await getBoss()));
afterAll(async () => {
  if (kinds.length)
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'send-email' AND data->>'kind' = ANY(${kinds})`;
  await (await getBoss()).stop({ graceful: false, close: true, timeout: 2_000 }).catch(() => {});
});

describe("enqueue", () => {
  it("enqueues a valid payload with the job's options", async () => {
    const kind = newKind();
    const p = payload(kind);
    const id = await enqueue(sendEmailJob, p);
    expect(id).toEqual(expect.any(String));
    const rows = await jobsOfKind(kind);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, name: "send-email", state: "created", data: p, retry_limit: 8 });
  });

  it.each([
    ["a bad e-mail address", (k: string) => ({ ...payload(k), to: "not-an-address" })],
    ["a sealed message without a box", (k: string) => ({ ...payload(k), message: { sealed: true, box: "" } })],
    [
      "a plain message without html",
      (k: string) => ({ ...payload(k), message: { sealed: false, subject: "s", text: "t" } }),
    ],
  ])("refuses %s with a ZodError and enqueues nothing", async (_, make) => {
    const kind = newKind();
    await expect(enqueue(sendEmailJob, make(kind) as TSendEmailPayload)).rejects.toBeInstanceOf(ZodError);
    expect(await jobsOfKind(kind)).toHaveLength(0);
  });

  it("inside a transaction that rolls back, leaves no job behind", async () => {
    const kind = newKind();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(sendEmailJob, payload(kind), { tx });
        // The job row is part of the transaction: visible inside it, not outside.
        expect(await jobsOfKind(kind, tx)).toHaveLength(1);
        expect(await jobsOfKind(kind)).toHaveLength(0);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await jobsOfKind(kind)).toHaveLength(0);
  });

  it("inside a transaction that commits, the job exists afterwards", async () => {
    const kind = newKind();
    const p = payload(kind);
    const id = await db.$transaction(async (tx) => {
      const jobId = await enqueue(sendEmailJob, p, { tx });
      expect(await jobsOfKind(kind)).toHaveLength(0);
      return jobId;
    });
    const rows = await jobsOfKind(kind);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, state: "created", data: p });
  });

  it("inside a transaction, an invalid payload throws before anything is written", async () => {
    const kind = newKind();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(sendEmailJob, { ...payload(kind), kind: "" }, { tx });
      }),
    ).rejects.toBeInstanceOf(ZodError);
    expect(
      await db.$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE data->>'to' LIKE 'queue-%' AND data->>'kind' = ''`,
    ).toHaveLength(0);
  });
});

describe("retryOnConflict", () => {
  const failing = (codes: (string | undefined)[]) => {
    let calls = 0;
    const step = async () => {
      const code = codes[calls++];
      if (calls <= codes.length) throw Object.assign(new Error(`failed with ${code}`), { code });
      return calls;
    };
    return { step, calls: () => calls };
  };

  it("tries a deadlock or serialization failure again, and gives up after its attempts", async () => {
    const ok = failing(["40P01", "40001"]);
    expect(await retryOnConflict(ok.step)).toBe(3);
    const stuck = failing(["40P01", "40P01", "40P01"]);
    await expect(retryOnConflict(stuck.step, 2)).rejects.toThrow("failed with 40P01");
    expect(stuck.calls()).toBe(2);
  });

  it("does not retry any other error", async () => {
    const other = failing(["23505"]);
    await expect(retryOnConflict(other.step)).rejects.toThrow("failed with 23505");
    expect(other.calls()).toBe(1);
  });
});
