import type { IncomingMessage } from "node:http";

/**
 * The request header that carries the TCP peer's address from the Node server to the routes
 * (Next's route handlers cannot see the socket). Only the server sets it: any copy the client
 * sent is removed first (stampSocketAddress), so a route can trust it.
 */
export const SOCKET_ADDRESS_HEADER = "x-registry-socket-address";

/** For the Node server around Next's handler: replaces any client-sent copy with the socket's address. */
export const stampSocketAddress = (req: IncomingMessage) => {
  delete req.headers[SOCKET_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  if (address) req.headers[SOCKET_ADDRESS_HEADER] = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
};

/** How a recorded client address was obtained (kept with receipts, so their evidence can be weighed). */
export type AddressSource = "socket" | "forwarded" | "unknown";

export type ClientAddress = { ip: string | null; ipSource: AddressSource };

/**
 * The client's address. With no trusted proxy (`hops` 0) it is the socket's peer; with `hops`
 * reverse proxies in front, each appending the address it saw to X-Forwarded-For, it is the entry
 * `hops` from the right (entries further left are whatever the client claimed). Null when the
 * address cannot be known that way (no server stamp, or fewer entries than proxies).
 */
export const clientAddress = (headers: Headers, hops: number): ClientAddress => {
  if (hops <= 0) {
    const socket = headers.get(SOCKET_ADDRESS_HEADER)?.trim();
    return socket ? { ip: socket, ipSource: "socket" } : { ip: null, ipSource: "unknown" };
  }
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const ip = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return ip ? { ip, ipSource: "forwarded" } : { ip: null, ipSource: "unknown" };
};
