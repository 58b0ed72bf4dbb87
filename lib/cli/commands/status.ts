// `weights status org/name`: where the caller stands at the gate, and the next step.
import { CliError, EXIT } from "../errors";
import { resolveConfig } from "../config";
import { absoluteUrl, getJson, modelPath } from "../http";
import { licenseLabel } from "../../common/license-label";

type Meter = { limit: number; used: number } | null;
type AccessState = {
  code: string;
  granted?: boolean;
  message: string;
  action?: string | null;
  grantedUntil?: string | null;
  license?: { name: string; version: string } | null;
  quota?: { files: Meter; bytes: Meter } | null;
};
/** An instant as the user's own clock reads it, with the zone named (the API speaks UTC ISO 8601). */
export const localTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
const gib = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** Prints the state; a caller who may not download exits with the gate code, so scripts can test it. */
export const status = async (slug: string) => {
  const p = await resolveConfig();
  const s = await getJson<AccessState>(p, `${modelPath(slug)}/access`);
  if (s.code === "GRANTED") {
    console.log(`${slug}: granted${s.grantedUntil ? ` until ${localTime(s.grantedUntil)}` : ""}.`);
    if (s.license) console.log(`License: ${licenseLabel(s.license.name, s.license.version)}`);
    const { files, bytes } = s.quota ?? {};
    if (files) console.log(`Download quota: ${files.used} of ${files.limit} downloads used`);
    if (bytes) console.log(`Download quota: ${gib(bytes.used)} of ${gib(bytes.limit)} used`);
    return;
  }
  const exit = s.code === "SIGN_IN_REQUIRED" ? EXIT.AUTH : EXIT.GATE;
  throw new CliError(exit, `${slug}: ${s.message} (${s.code})`, absoluteUrl(p.portal, s.action ?? undefined));
};
