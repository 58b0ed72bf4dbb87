// `weights login [--token T] [--portal URL]`: checks the token against the portal, then stores it.
import { text } from "node:stream/consumers";
import { CliError, EXIT } from "../errors";
import { configPath, resolveConfig, writeConfig, normalizePortal } from "../config";
import { getJson } from "../http";
import type { Profile } from "./whoami";

const readStdinToken = async () => {
  if (process.stdin.isTTY)
    process.stderr.write(
      "Paste your token (from the portal's Account › API tokens page), then press Enter and Ctrl-D:\n",
    );
  return (await text(process.stdin)).trim();
};

export const login = async (opts: { token?: string; portal?: string }) => {
  const resolved = await resolveConfig();
  const portal = opts.portal ? normalizePortal(opts.portal) : resolved.portal;
  const token = (opts.token ?? (await readStdinToken())).trim();
  if (!token) throw new CliError(EXIT.USAGE, "No token given: pass --token or pipe it on stdin.");
  if (!token.startsWith("hf_")) throw new CliError(EXIT.USAGE, "A portal token starts with hf_.");
  const { profile } = await getJson<{ profile: Profile }>({ portal, token }, "/api/v1/me/profile");
  await writeConfig({ portal, token });
  console.log(`Logged in to ${portal} as ${profile.email?.value ?? "(no e-mail)"}; token saved in ${configPath()}.`);
};
