import { spawnSync } from "node:child_process";
import path from "node:path";

const script = path.resolve(import.meta.dirname, "../roles/check-env.ts");

/**
 * Problems with the environment `npm start` was given, checked before it starts anything. What the
 * embedded stack supplies (a database, a bucket, mail, the secret) stands in for what is not set, and
 * a setting that is merely missing is left to the stack; a value that is set and wrong is reported.
 */
export const checkStartConfig = (base: NodeJS.ProcessEnv, appPort: number): string | null => {
  const stands = {
    DATABASE_URL: "postgresql://registry:registry@127.0.0.1:5432/registry",
    S3_BUCKET: "weights",
    SMTP_URL: "smtp://127.0.0.1:25",
    NEXTAUTH_URL: `http://localhost:${appPort}`,
    NEXTAUTH_SECRET: "x".repeat(32),
  };
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(stands)) if (!env[k]) env[k] = v;
  if (!base.S3_BUCKET) Object.assign(env, { S3_ACCESS_KEY_ID: "local", S3_SECRET_ACCESS_KEY: "local" });
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { env, encoding: "utf8" });
  if (r.status === 0) return null;
  const problems = r.stderr
    .split("\n")
    .filter((l) => /^\s+- /.test(l) && !/: required \(not set\)$/.test(l))
    .join("\n");
  if (!problems && r.status === 1) return null;
  return problems
    ? `Invalid configuration:\n${problems}\nSee the configuration table in README.md.`
    : r.stderr.trim() || `The configuration check failed (exit code ${r.status}).`;
};
