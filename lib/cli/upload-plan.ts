// Which local file goes to which path inside the version: its base name by default, `--as` for a
// single file, under `--prefix` for a folder. Checked before anything is hashed or sent.
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { ZUploadPath } from "../schemas/upload-path";
import { CliError, EXIT } from "./errors";

export type PlannedUpload = { local: string; path: string; size: number };

/** The portal's own path rules, for a message before anything is hashed or sent. */
const checkPath = (path: string, from: string) => {
  const parsed = ZUploadPath.safeParse(path);
  if (parsed.success && parsed.data === path) return path;
  const why = parsed.success
    ? "no spaces at either end"
    : [...new Set(parsed.error.issues.map((i) => i.message))].join("; ");
  throw new CliError(EXIT.USAGE, `"${path}" (from ${from}) is not a valid path inside a version: ${why}.`);
};

export const planUploads = async (
  files: string[],
  opts: { as?: string; prefix?: string },
): Promise<PlannedUpload[]> => {
  if (files.length === 0) throw new CliError(EXIT.USAGE, "Name at least one file to push.");
  if (opts.as !== undefined && files.length > 1)
    throw new CliError(EXIT.USAGE, "--as names one file; use --prefix to put several files into a folder.");
  const prefix = opts.prefix?.replace(/^\/+|\/+$/g, "");
  if (opts.prefix !== undefined && !prefix) throw new CliError(EXIT.USAGE, "--prefix needs a folder name.");
  const planned: PlannedUpload[] = [];
  for (const file of files) {
    const local = resolve(file);
    const info = await stat(local).catch(() => null);
    if (!info) throw new CliError(EXIT.USAGE, `No such file: ${file}`);
    if (!info.isFile())
      throw new CliError(
        EXIT.USAGE,
        `${file} is not a regular file (folders are not pushed whole; name the files, with --prefix for their folder).`,
      );
    if (info.size === 0) throw new CliError(EXIT.USAGE, `${file} is empty; empty files cannot be uploaded.`);
    const name = opts.as ?? basename(local);
    planned.push({ local, path: checkPath(prefix ? `${prefix}/${name}` : name, file), size: info.size });
  }
  const seen = new Map<string, string>();
  for (const p of planned) {
    const other = seen.get(p.path);
    if (other !== undefined)
      throw new CliError(EXIT.USAGE, `${other} and ${p.local} would both be uploaded as ${p.path}.`);
    seen.set(p.path, p.local);
  }
  return planned;
};
