// Starts the whole real stack (PostgreSQL, S3, mail, web app, worker) for the e2e run, on free
// ports and a throwaway data dir, seeded with the demo catalog; stops it afterwards.
// Whatever DATABASE_URL / S3 / SMTP the shell has is ignored: e2e never touches a real database.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../infra/local/ports";
import { startStack } from "../../infra/local/stack";

export const E2E_ADMIN_EMAIL = "admin@e2e.test";

const configured = [
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "S3_BUCKET",
  "S3_ENDPOINT",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "SMTP_URL",
  "NEXTAUTH_URL",
];

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "registry-e2e-"));
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !configured.includes(k)),
  ) as NodeJS.ProcessEnv;
  const [pg, s3, smtp, mailWeb] = await Promise.all(Array.from({ length: 4 }, findFreePort));
  const started = Date.now();
  const stack = await startStack({
    port,
    dataDir,
    ports: { pg, s3, smtp, mailWeb },
    baseEnv: {
      ...baseEnv,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ADMIN_EMAILS: E2E_ADMIN_EMAIL,
      LOG_LEVEL: "warn",
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
      WEBHOOK_RETRY_DELAY_SECONDS: "1",
      // Every spec signs in from 127.0.0.1: the per-client mail limit would stop the suite, not an attacker.
      SIGN_IN_MAILS_PER_CLIENT_PER_HOUR: "100000",
    },
    log: (line) => (process.env.E2E_VERBOSE ? console.log(line) : undefined),
  });
  const db = new URL(stack.env.DATABASE_URL as string);
  if (!["127.0.0.1", "localhost"].includes(db.hostname))
    throw new Error(`e2e refuses a non-local database (${db.hostname})`);
  console.log(`e2e stack up in ${((Date.now() - started) / 1000).toFixed(1)} s at http://127.0.0.1:${port}`);
  // Workers start after this and inherit these.
  // Fixtures arrange and check state as the owner (some edit the audit log on purpose); a process
  // standing in for the app connects as the app's role.
  process.env.E2E_DATABASE_URL = stack.env.MIGRATION_DATABASE_URL ?? stack.env.DATABASE_URL;
  process.env.E2E_APP_DATABASE_URL = stack.env.DATABASE_URL;
  process.env.E2E_MAIL_URL = stack.mailWebUrl;
  process.env.E2E_S3_ENDPOINT = stack.s3Endpoint;
  // `ops trace` in the fingerprint spec needs the stack's key (generated into its data dir).
  process.env.E2E_FINGERPRINT_KEY = stack.env.FINGERPRINT_KEY;
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
