// Bulk audit rows for tests and the benchmark: a valid hash chain continuing from the current
// tail, hashed in JS and inserted a batch at a time (one INSERT ... SELECT FROM unnest per batch).
import { GENESIS_HASH, hashAuditEvent, type AuditContent } from "@/lib/domain/audit/hash-audit-event";

/** Same key as appendAuditEvent: seeding must not interleave with live appends. */
const AUDIT_CHAIN_LOCK = 7_412_001;

type Rows = Record<string, unknown>[];
type RawRunner = {
  $executeRawUnsafe: (query: string, ...values: unknown[]) => Promise<number>;
  $queryRawUnsafe: <T = unknown>(query: string, ...values: unknown[]) => Promise<T>;
};
/** The Prisma client (`db`), or anything with the same raw-query and transaction methods. */
export type PrismaLikeClient = RawRunner & {
  $transaction: <R>(fn: (tx: RawRunner) => Promise<R>, options?: { maxWait?: number; timeout?: number }) => Promise<R>;
};
/** A `pg` Pool (or anything whose `connect()` yields a client with `query` and `release`). */
export type PgPoolLike = {
  connect: () => Promise<{ query: (text: string, values?: unknown[]) => Promise<{ rows: Rows }>; release: () => void }>;
};

export type SeedAuditChainOptions = {
  /** Cycled through by row index (row i gets actorIds[i % n]); default: no actor (null). */
  actorIds?: (string | null)[];
  /** Cycled the same way; default: no model (null). */
  modelIds?: (string | null)[];
  /** Cycled the same way; default `["seed.event"]`. */
  actions?: string[];
  /** createdAt of the first row; default: so that the last row is about now. */
  start?: Date;
  /** Milliseconds between consecutive rows' createdAt; default 1000. */
  stepMs?: number;
  /** Rows per INSERT (and per transaction); default 5000. */
  batchSize?: number;
  /** `data` of row i; default `{ n: i, seeded: true }`. */
  data?: (i: number) => Record<string, unknown>;
  /** targetId of row i (targetType is "Seed"); default `seed-<i>`. */
  targetId?: (i: number) => string;
};

const INSERT = `INSERT INTO "AuditEvent" ("createdAt", "actorId", "action", "modelId", "targetType", "targetId", "data", "prevHash", "hash")
  SELECT c::timestamp(3), a, ac, m, tt, ti, d::jsonb, p, h
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
    WITH ORDINALITY AS t(c, a, ac, m, tt, ti, d, p, h, ord)
  ORDER BY ord`;
const TAIL = `SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;

/** One batch's column arrays, hashed onto `prevHash` (the tail read under the lock). */
const buildBatch = (
  prevHash: string,
  from: number,
  to: number,
  opts: Required<Omit<SeedAuditChainOptions, "batchSize">>,
) => {
  const c = {
    createdAt: [] as string[],
    actorId: [] as (string | null)[],
    action: [] as string[],
    modelId: [] as (string | null)[],
  };
  const t = {
    targetType: [] as string[],
    targetId: [] as string[],
    data: [] as string[],
    prevHash: [] as string[],
    hash: [] as string[],
  };
  let prev = prevHash;
  for (let i = from; i < to; i++) {
    const content: AuditContent = {
      createdAt: new Date(opts.start.getTime() + i * opts.stepMs),
      actorId: opts.actorIds[i % opts.actorIds.length] ?? null,
      action: opts.actions[i % opts.actions.length] as string,
      modelId: opts.modelIds[i % opts.modelIds.length] ?? null,
      targetType: "Seed",
      targetId: opts.targetId(i),
      data: opts.data(i),
    };
    const hash = hashAuditEvent(prev, content);
    // timestamp(3) without time zone holds UTC wall time, as Prisma writes it.
    c.createdAt.push(content.createdAt.toISOString().slice(0, 23));
    c.actorId.push(content.actorId);
    c.action.push(content.action);
    c.modelId.push(content.modelId);
    t.targetType.push(content.targetType);
    t.targetId.push(content.targetId);
    t.data.push(JSON.stringify(content.data));
    t.prevHash.push(prev);
    t.hash.push(hash);
    prev = hash;
  }
  return [c.createdAt, c.actorId, c.action, c.modelId, t.targetType, t.targetId, t.data, t.prevHash, t.hash];
};

const isPool = (client: PrismaLikeClient | PgPoolLike): client is PgPoolLike =>
  typeof (client as PgPoolLike).connect === "function";

type Query = (sql: string, values?: unknown[]) => Promise<unknown>;

/** Runs `work` in one transaction holding the chain lock; `select` returns rows, `execute` does not. */
const inLockedTransaction = async (
  client: PrismaLikeClient | PgPoolLike,
  work: (select: (sql: string) => Promise<Rows>, execute: Query) => Promise<void>,
) => {
  if (isPool(client)) {
    const conn = await client.connect();
    try {
      await conn.query("BEGIN");
      await conn.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      await work(
        async (sql) => (await conn.query(sql)).rows,
        (sql, values) => conn.query(sql, values),
      );
      await conn.query("COMMIT");
    } catch (e) {
      await conn.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      conn.release();
    }
    return;
  }
  await client.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      await work(
        (sql) => tx.$queryRawUnsafe<Rows>(sql),
        (sql, values = []) => tx.$executeRawUnsafe(sql, ...values),
      );
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
};

/**
 * seedAuditChain(client, count, opts?) appends `count` audit rows whose chain continues from the
 * current tail and verifies. `client` is the Prisma client (`db`) or a `pg` Pool. Each batch is one
 * transaction holding the same advisory lock as appendAuditEvent, so live appends in between
 * still chain correctly.
 */
export const seedAuditChain = async (
  client: PrismaLikeClient | PgPoolLike,
  count: number,
  opts: SeedAuditChainOptions = {},
): Promise<void> => {
  const stepMs = opts.stepMs ?? 1000;
  const full = {
    actorIds: opts.actorIds?.length ? opts.actorIds : [null],
    modelIds: opts.modelIds?.length ? opts.modelIds : [null],
    actions: opts.actions?.length ? opts.actions : ["seed.event"],
    start: opts.start ?? new Date(Date.now() - count * stepMs),
    stepMs,
    data: opts.data ?? ((i: number) => ({ n: i, seeded: true })),
    targetId: opts.targetId ?? ((i: number) => `seed-${i}`),
  };
  const batchSize = opts.batchSize ?? 5000;
  for (let from = 0; from < count; from += batchSize) {
    const to = Math.min(count, from + batchSize);
    await inLockedTransaction(client, async (select, execute) => {
      const tail = (await select(TAIL))[0] as { hash: string } | undefined;
      await execute(INSERT, buildBatch(tail?.hash ?? GENESIS_HASH, from, to, full));
    });
  }
};
