import { describe, expect, it } from "vitest";
import { addressProblem } from "./address-policy";

describe("addressProblem", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["::1", /loopback/],
    ["10.0.0.1", /private/],
    ["10.255.255.255", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.254", /private/],
    ["192.168.0.10", /private/],
    ["169.254.169.254", /link-local/],
    ["fc00::1", /unique-local/],
    ["fd12:3456::1", /unique-local/],
    ["fe80::1", /link-local/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:10.0.0.1", /private/],
    ["::ffff:a9fe:a9fe", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.254", /carrier-grade NAT/],
    ["0.0.0.0", /unspecified/],
    ["::", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["64:ff9b::a00:1", /reserved/],
    ["2002:a00:1::", /reserved/],
    ["::127.0.0.1", /IPv4-compatible/],
    ["::7f00:1", /IPv4-compatible/],
    ["::a00:1", /IPv4-compatible/],
    ["::8.8.8.8", /IPv4-compatible/],
    ["0:0:0:0:0:0:a9fe:a9fe", /IPv4-compatible/],
    ["::2", /IPv4-compatible/],
    ["0::0", /unspecified/],
    ["0:0:0:0:0:0:0:1", /loopback/],
    ["not-an-ip", /not an IP/],
  ])("refuses %s", (ip, reason) => {
    expect(addressProblem(ip)).toMatch(reason);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001::200e",
  ])("allows the public address %s", (ip) => {
    expect(addressProblem(ip)).toBeNull();
  });
});
