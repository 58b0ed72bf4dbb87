// Where the CLI keeps `{ portal, token }`: $XDG_CONFIG_HOME/weights/config.json (or ~/.config),
// the directory 700 and the file 600 because the token grants downloads.
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { CliError, EXIT } from "./errors";

export type CliConfig = { portal: string; token: string };
type Env = Record<string, string | undefined>;

export const DEFAULT_PORTAL = "http://localhost:3000";

export const configPath = (env: Env = process.env) =>
  join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "weights", "config.json");

export const readConfig = async (env: Env = process.env): Promise<Partial<CliConfig>> => {
  try {
    const parsed: unknown = JSON.parse(await readFile(configPath(env), "utf8"));
    if (!parsed || typeof parsed !== "object") return {};
    const { portal, token } = parsed as Record<string, unknown>;
    return { ...(typeof portal === "string" ? { portal } : {}), ...(typeof token === "string" ? { token } : {}) };
  } catch {
    return {};
  }
};

export const writeConfig = async (config: CliConfig, env: Env = process.env) => {
  const file = configPath(env);
  const dir = join(file, "..");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir's mode does not apply to a directory that already existed
  // Written under a temporary name with mode 600 first, so the token is never readable by others.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
};

export const normalizePortal = (url: string) => {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
    return u.origin + u.pathname.replace(/\/+$/, "");
  } catch {
    throw new CliError(EXIT.USAGE, `Not a portal URL: ${url}`);
  }
};

/** Env overrides the file: WEIGHTS_PORTAL, WEIGHTS_TOKEN. */
export const resolveConfig = async (env: Env = process.env): Promise<{ portal: string; token?: string }> => {
  const file = await readConfig(env);
  return {
    portal: normalizePortal(env.WEIGHTS_PORTAL || file.portal || DEFAULT_PORTAL),
    token: env.WEIGHTS_TOKEN || file.token,
  };
};
