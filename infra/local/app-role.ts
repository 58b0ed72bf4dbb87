// The least-privilege role the web app and the worker connect as. Migrations run as the owner of
// the tables; the app role gets what the app needs and nothing that could rewrite the audit log:
// INSERT and SELECT only on "AuditEvent" (no UPDATE, DELETE, TRUNCATE), and, not owning any table
// of the public schema, it cannot ALTER them (so cannot disable their triggers).
import PgBoss from "pg-boss";
import pg from "pg";

/** pg-boss's schema (lib/jobs/queue.ts). */
export const QUEUE_SCHEMA = "pgboss";

/** Tables whose rows are evidence: the app may add rows, never change or remove them. */
const APPEND_ONLY_TABLES = ["AuditEvent"];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The user name in a PostgreSQL URL (the role a process connects as). */
export const roleOfUrl = (url: string) => decodeURIComponent(new URL(url).username);

/**
 * Idempotent GRANTs after migrations, run as the owner (`ownerUrl`). Grants `appRole` DML on every
 * table and sequence of the public schema (and default privileges for tables the owner creates
 * later), revokes UPDATE/DELETE/TRUNCATE on the append-only tables, and gives it pg-boss's schema:
 * pg-boss creates a table partition per queue at run time (ALTER TABLE … ATTACH PARTITION), which
 * only the owner of its tables may do. The queue holds jobs, not evidence.
 *
 * The owner must be able to act as the app role (a superuser, or `GRANT <appRole> TO <owner>`) to
 * hand it pg-boss's schema. When the app role is the owner itself (a single-role deployment),
 * nothing is changed: revoking would take the owner's own rights away.
 */
export const grantAppRole = async ({ ownerUrl, appRole }: { ownerUrl: string; appRole: string }) => {
  const client = new pg.Client({ connectionString: ownerUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ me: string; exists: boolean }>(
      "SELECT current_user AS me, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists",
      [appRole],
    );
    const { me, exists } = rows[0] as { me: string; exists: boolean };
    if (!exists) throw new Error(`The app role ${appRole} does not exist: create it (CREATE ROLE … LOGIN) first.`);
    if (me === appRole) return { granted: false as const };
    const app = ident(appRole);
    await installQueueSchema(client);
    await client.query("BEGIN");
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    // Migration bookkeeping is the owner's to write; web and worker only read it, to refuse a database
    // whose migrations are behind.
    await client.query(`REVOKE ALL ON TABLE public."_prisma_migrations" FROM ${app}`).catch(() => {});
    await client.query(`GRANT SELECT ON TABLE public."_prisma_migrations" TO ${app}`);
    for (const table of APPEND_ONLY_TABLES)
      await client.query(
        `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.${ident(table)} FROM ${app}`,
      );
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app}`);
    await giveQueueSchema(client, app).catch((e: Error) => {
      throw /must be (able to SET ROLE|member of role)/.test(e.message)
        ? new Error(
            `The owner role ${me} cannot hand pg-boss's schema to ${appRole}: run \`GRANT ${appRole} TO ${me}\` once (as a superuser), then migrate again.`,
          )
        : e;
    });
    await client.query("COMMIT");
    return { granted: true as const };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
};

/**
 * pg-boss installs its schema on first start, which needs CREATE on the database; the app role does
 * not have it, so the owner installs it here (pg-boss's own construction script), once.
 */
const installQueueSchema = async (client: pg.Client) => {
  const { rows } = await client.query<{ installed: boolean }>("SELECT to_regclass($1) IS NOT NULL AS installed", [
    `${QUEUE_SCHEMA}.version`,
  ]);
  if (rows[0]?.installed) return;
  await client.query(PgBoss.getConstructionPlans(QUEUE_SCHEMA));
};

/** Makes the app role the owner of pg-boss's schema and of every table, type and function in it. */
const giveQueueSchema = async (client: pg.Client, app: string) => {
  const schema = ident(QUEUE_SCHEMA);
  await client.query(`ALTER SCHEMA ${schema} OWNER TO ${app}`);
  const { rows } = await client.query<{ kind: string; name: string }>(
    `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind,
            format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'S') AND NOT c.relispartition
     UNION ALL
     SELECT 'TYPE', format('%I.%I', n.nspname, t.typname)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e'
     UNION ALL
     SELECT 'FUNCTION', p.oid::regprocedure::text
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1`,
    [QUEUE_SCHEMA],
  );
  for (const { kind, name } of rows) await client.query(`ALTER ${kind} ${name} OWNER TO ${app}`);
  // Partitions: ALTER TABLE on a partitioned table does not recurse to OWNER.
  const parts = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relispartition`,
    [QUEUE_SCHEMA],
  );
  for (const { name } of parts.rows) await client.query(`ALTER TABLE ${name} OWNER TO ${app}`);
};

/**
 * For the embedded stack: the app role with LOGIN and `password`, created or its password reset.
 * Not a superuser, no CREATEDB/CREATEROLE, no BYPASSRLS.
 */
export const ensureLoginRole = async ({
  ownerUrl,
  role,
  password,
}: {
  ownerUrl: string;
  role: string;
  password: string;
}) => {
  const client = new pg.Client({ connectionString: ownerUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    const verb = rowCount ? "ALTER" : "CREATE";
    // Role DDL takes no bind parameters; the password is quoted as a literal.
    await client.query(
      `${verb} ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
};
