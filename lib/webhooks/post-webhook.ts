import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveWebhookHost } from "./resolve-webhook-host";

export type PostResult = { status: number; timeMs: number };

/** A `lookup` for net.connect that always answers with the address already checked (no second DNS query). */
const pinnedLookup =
  ({ address, family }: { address: string; family: 4 | 6 }): LookupFunction =>
  (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };

/**
 * POSTs a JSON body once. The host is resolved and checked here, and the socket connects to that
 * very address, so a DNS answer that changes between check and connect (rebinding) cannot send the
 * request elsewhere. No redirect is followed (a 3xx is just a failed attempt); the whole exchange is
 * bounded by `timeoutMs`, and at most a little of the response body is read.
 */
export const postWebhook = async ({
  url,
  headers,
  body,
  timeoutMs,
  allowPrivate,
}: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<PostResult> => {
  const started = performance.now();
  const target = await resolveWebhookHost(url, { allowPrivate });
  const client = new URL(url).protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup(target),
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body).toString(),
          "user-agent": "weights-registry-webhooks/1",
        },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        resolve({ status: res.statusCode ?? 0, timeMs: Math.round(performance.now() - started) });
        // The body is not kept: read a little so the connection ends cleanly, then drop it.
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        res.on("error", () => {});
      },
    );
    req.on("error", (e) => reject(e.name === "AbortError" ? new Error(`No response within ${timeoutMs / 1000} s`) : e));
    req.end(body);
  });
};
