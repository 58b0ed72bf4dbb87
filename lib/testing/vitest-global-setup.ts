// Vitest: one real embedded stack (PostgreSQL, S3, mail) for the whole run, on free ports and a
// throwaway data dir, migrated but not seeded (tests make their own rows). No web app, no worker.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findFreePort } from "@/infra/local/ports";
import { startStack } from "@/infra/local/stack";

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "registry-vitest-"));
  const [port, pg, s3, smtp, mailWeb] = await Promise.all(Array.from({ length: 5 }, findFreePort));
  const stack = await startStack({
    port: port as number,
    dataDir,
    // Webhook tests post to receivers on loopback; the refusals are tested with the flag off explicitly.
    baseEnv: {
      ...process.env,
      SEED_DEMO: "false",
      ADMIN_EMAILS: "boss@admins.test",
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
    },
    ports: { pg, s3, smtp, mailWeb },
    web: false,
    worker: false,
    log: () => {},
  });
  project.provide("stackEnv", JSON.stringify(stack.env));
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: string;
  }
}
