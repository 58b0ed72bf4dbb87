import "server-only";
import { toIso, type SqlRunner } from "@/lib/sql";
import { auditContent, type AuditInput } from "./append-audit-event";
import { GENESIS_HASH, canonicalAuditContent } from "./hash-audit-event";

// Reads the chain's tail and appends the rows in one statement, hashing in PostgreSQL what
// hashAuditEvent hashes in Node: sha256 of the previous hash followed by the row's canonical JSON
// (computed here, in Node, by the same function), over UTF-8. A recursive CTE carries each row's
// hash into the next; WITH ORDINALITY keeps seq in chain order.
const APPEND_SQL = `
WITH RECURSIVE input AS (
  SELECT * FROM unnest($1::timestamp[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         WITH ORDINALITY AS t("createdAt", "actorId", action, "modelId", "targetType", "targetId", data, canon, n)
), chain (n, "prevHash", hash) AS (
  SELECT i.n, p.hash, encode(sha256(convert_to(p.hash || i.canon, 'UTF8')), 'hex')
  FROM input i, (SELECT coalesce((SELECT hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1), $9) AS hash) p
  WHERE i.n = 1
  UNION ALL
  SELECT i.n, c.hash, encode(sha256(convert_to(c.hash || i.canon, 'UTF8')), 'hex')
  FROM chain c JOIN input i ON i.n = c.n + 1
)
INSERT INTO "AuditEvent" ("createdAt", "actorId", action, "modelId", "targetType", "targetId", data, "prevHash", hash)
SELECT i."createdAt", i."actorId", i.action, i."modelId", i."targetType", i."targetId", i.data::jsonb, c."prevHash", c.hash
FROM input i JOIN chain c ON c.n = i.n
ORDER BY i.n`;

/**
 * appendAuditEvent for a plain `pg` transaction, for several rows in one statement. The caller
 * must already hold AUDIT_CHAIN_LOCK in this transaction, taken in an earlier statement: in READ
 * COMMITTED a statement sees the rows committed before it started, so the tail must be read by a
 * statement that starts after the lock is held.
 */
export const appendAuditEventsSql = async (sql: SqlRunner, inputs: AuditInput[]) => {
  const createdAt = new Date();
  const rows = inputs.map((input) => auditContent(input, createdAt));
  const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  await sql.query({
    name: "audit-append-chain",
    text: APPEND_SQL,
    values: [
      rows.map((r) => toIso(r.createdAt)),
      column("actorId"),
      column("action"),
      column("modelId"),
      column("targetType"),
      column("targetId"),
      // `::jsonb` from the JSON text stores the data exactly as hashed.
      rows.map((r) => JSON.stringify(r.data)),
      rows.map(canonicalAuditContent),
      GENESIS_HASH,
    ],
  });
};
