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

const compatible = ipaddr.parseCIDR("::/96") as [ipaddr.IPv6, number];

/** An IPv6 text with its dotted-quad tail as two hex groups (ipaddr.js reads `::1.2.3.4` as `::ffff:1.2.3.4`). */
const hexTail = (ip: string) =>
  ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    [((Number(a) << 8) | Number(b)).toString(16), ((Number(c) << 8) | Number(d)).toString(16)].join(":"),
  );

/**
 * Null when a webhook may be sent to this IP address, else why not. Only public unicast passes:
 * IPv4-mapped IPv6 forms are judged as the IPv4 address they carry, and reserved or translation
 * ranges (documentation, benchmarking, 6to4, NAT64, Teredo, IPv4-compatible ::/96) are refused too, since they can wrap
 * a private address.
 */
export const addressProblem = (ip: string): string | null => {
  if (!ipaddr.isValid(ip)) return "not an IP address";
  // IPv4-compatible IPv6 (::/96, deprecated): `::127.0.0.1` or `::7f00:1` may reach the IPv4 address inside.
  const v6 = ip.includes(":") ? hexTail(ip) : undefined;
  if (v6 && ipaddr.IPv6.isValid(v6)) {
    const parsed = ipaddr.IPv6.parse(v6);
    if (!["::", "::1"].includes(parsed.toString()) && parsed.match(compatible))
      return "an IPv4-compatible IPv6 address (::/96)";
  }
  const range = ipaddr.process(ip).range();
  if (range === "unicast") return null;
  return reasons[range] ?? `a reserved address range (${range})`;
};
