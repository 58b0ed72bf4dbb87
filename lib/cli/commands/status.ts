// `weights status org/name`: where the caller stands at the gate, and the next step.
import { CliError, EXIT } from "../errors";
import { resolveConfig } from "../config";
import { absoluteUrl, getJson, modelPath } from "../http";

type AccessState = { code: string; granted?: boolean; message: string; action?: string | null; grantedUntil?: string | null; license?: { name: string; version: string } | null };

/** Prints the state; a caller who may not download exits with the gate code, so scripts can test it. */
export const status = async (slug: string) => {
  const p = await resolveConfig();
  const s = await getJson<AccessState>(p, `${modelPath(slug)}/access`);
  if (s.code === "GRANTED") {
    console.log(`${slug}: granted${s.grantedUntil ? ` until ${s.grantedUntil}` : ""}.`);
    if (s.license) console.log(`License: ${s.license.name} ${s.license.version}`);
    return;
  }
  const exit = s.code === "SIGN_IN_REQUIRED" ? EXIT.AUTH : EXIT.GATE;
  throw new CliError(exit, `${slug}: ${s.message} (${s.code})`, absoluteUrl(p.portal, s.action ?? undefined));
};
