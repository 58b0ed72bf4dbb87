import "server-only";
import { toIso, type SqlRunner } from "@/lib/sql";
import { chainAuditRows, type AuditInput } from "./append-audit-event";
import { GENESIS_HASH } from "./hash-audit-event";

/**
 * appendAuditEvent for a plain `pg` transaction, for several rows in two statements. The caller
 * must already hold AUDIT_CHAIN_LOCK in this transaction, taken in an earlier statement: in READ
 * COMMITTED a statement sees the rows committed before it started, so the tail must be read by a
 * statement that starts after the lock is held.
 */
export const appendAuditEventsSql = async (sql: SqlRunner, inputs: AuditInput[]) => {
  const { rows } = await sql.query<{ hash: string }>(`SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
  const chained = chainAuditRows(rows[0]?.hash ?? GENESIS_HASH, inputs);
  const column = <K extends keyof (typeof chained)[number]>(k: K) => chained.map((r) => r[k]);
  // `::jsonb` from the JSON text stores the data exactly as hashed; WITH ORDINALITY keeps seq in chain order.
  await sql.query(
    `INSERT INTO "AuditEvent" ("createdAt", "actorId", action, "modelId", "targetType", "targetId", data, "prevHash", hash)
     SELECT t."createdAt", t."actorId", t.action, t."modelId", t."targetType", t."targetId", t.data::jsonb, t."prevHash", t.hash
     FROM unnest($1::timestamp[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
          WITH ORDINALITY AS t("createdAt", "actorId", action, "modelId", "targetType", "targetId", data, "prevHash", hash, n)
     ORDER BY t.n`,
    [
      chained.map((r) => toIso(r.createdAt)),
      column("actorId"),
      column("action"),
      column("modelId"),
      column("targetType"),
      column("targetId"),
      chained.map((r) => JSON.stringify(r.data)),
      column("prevHash"),
      column("hash"),
    ],
  );
};
