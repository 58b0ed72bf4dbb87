// `weights whoami`: the account the token belongs to.
import { CliError, EXIT } from "../errors";
import { resolveConfig } from "../config";
import { getJson } from "../http";

export type Profile = {
  email?: { value: string | null };
  name?: { value: string | null };
  affiliation?: { value: string | null };
};

export const whoami = async () => {
  const p = await resolveConfig();
  if (!p.token) throw new CliError(EXIT.AUTH, "Not logged in: run `weights login` or set WEIGHTS_TOKEN.");
  const { profile } = await getJson<{ profile: Profile }>(p, "/api/v1/me/profile");
  const name = profile.name?.value;
  console.log(`${profile.email?.value ?? "(no e-mail)"}${name ? ` (${name})` : ""} on ${p.portal}`);
};
