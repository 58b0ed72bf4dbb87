import { describe, expect, it } from "vitest";
import { clientAddress, SOCKET_ADDRESS_HEADER, stampSocketAddress } from "./client-address";
import type { IncomingMessage } from "node:http";

const headers = (h: Record<string, string>) => new Headers(h);

describe("clientAddress", () => {
  it("with no trusted proxy (the default), takes the socket's address and ignores X-Forwarded-For", () => {
    expect(
      clientAddress(headers({ [SOCKET_ADDRESS_HEADER]: "198.51.100.2", "x-forwarded-for": "6.6.6.6" }), 0),
    ).toEqual({
      ip: "198.51.100.2",
      ipSource: "socket",
    });
  });

  it("records no address rather than the client's claim when the server did not stamp one", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6" }), 0)).toEqual({ ip: null, ipSource: "unknown" });
  });

  it("with trusted proxies, takes the entry they added and ignores what the client claimed left of it", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), 1)).toEqual({
      ip: "203.0.113.7",
      ipSource: "forwarded",
    });
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.2, 10.0.0.1" }), 2).ip).toBe("198.51.100.2");
    expect(clientAddress(headers({ "x-forwarded-for": "10.0.0.1" }), 2)).toEqual({ ip: null, ipSource: "unknown" });
  });
});

describe("stampSocketAddress", () => {
  it("replaces a client-sent copy with the socket's address", () => {
    const req = {
      headers: { [SOCKET_ADDRESS_HEADER]: "6.6.6.6" },
      socket: { remoteAddress: "::ffff:127.0.0.1" },
    } as unknown as IncomingMessage;
    stampSocketAddress(req);
    expect(req.headers[SOCKET_ADDRESS_HEADER]).toBe("127.0.0.1");
    const noPeer = { headers: { [SOCKET_ADDRESS_HEADER]: "6.6.6.6" }, socket: {} } as unknown as IncomingMessage;
    stampSocketAddress(noPeer);
    expect(noPeer.headers).not.toHaveProperty(SOCKET_ADDRESS_HEADER);
  });
});
