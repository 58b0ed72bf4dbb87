import ipaddr from "ipaddr.js";

/** Why ranges other than public unicast are refused, in words an admin understands. */
const reasons: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  linkLocal: "a link-local address (cloud metadata services live there)",
  uniqueLocal: "a unique-local (private) IPv6 address",
  carrierGradeNat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  unspecified: "the unspecified address",
};

/**
 * Null when a webhook may be sent to this IP address, else why not. Only public unicast passes:
 * IPv4-mapped IPv6 forms are judged as the IPv4 address they carry, and reserved or translation
 * ranges (documentation, benchmarking, 6to4, NAT64, Teredo) are refused too, since they can wrap
 * a private address.
 */
export const addressProblem = (ip: string): string | null => {
  if (!ipaddr.isValid(ip)) return "not an IP address";
  const range = ipaddr.process(ip).range();
  if (range === "unicast") return null;
  return reasons[range] ?? `a reserved address range (${range})`;
};
