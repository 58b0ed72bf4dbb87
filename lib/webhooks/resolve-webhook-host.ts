import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { addressProblem } from "./address-policy";

export class WebhookAddressError extends Error {
  constructor(
    message: string,
    readonly reason: "NOT_ALLOWED" | "UNRESOLVABLE",
  ) {
    super(message);
    this.name = "WebhookAddressError";
  }
}

export type ResolvedAddress = { address: string; family: 4 | 6 };

/**
 * Resolves the URL's host once and checks every address it has (an attacker's name may mix a
 * public and a private one); returns the address to connect to. With `allowPrivate` (local
 * development) only resolution is required.
 */
export const resolveWebhookHost = async (
  url: string,
  { allowPrivate }: { allowPrivate: boolean },
): Promise<ResolvedAddress> => {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new WebhookAddressError(`The host ${host} could not be resolved.`, "UNRESOLVABLE");
    }
  }
  if (addresses.length === 0) throw new WebhookAddressError(`The host ${host} has no address.`, "UNRESOLVABLE");
  if (!allowPrivate)
    for (const { address } of addresses) {
      const problem = addressProblem(address);
      if (problem)
        throw new WebhookAddressError(
          `${host} resolves to ${address}, ${problem}; webhooks go to public addresses only.`,
          "NOT_ALLOWED",
        );
    }
  const first = addresses[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
};
