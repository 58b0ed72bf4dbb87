// One PUT of a buffer over node:http or node:https with keep-alive. Not fetch: on Node 20, fetch
// (undici) sent 8 MiB parts to the store at 86-117 MiB/s where node:http sent 148-176 MiB/s, four at
// a time on this machine; the AWS SDK, the baseline `bench:uploads` compares with, uses node:http too.
import http from "node:http";
import https from "node:https";

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

export type PutResponse = { status: number; etag: string | null; text: string };

/** Resolves with the store's answer (any status); rejects only when no answer came (network). */
export const httpPut = (url: string, body: Buffer, { timeoutMs = 10 * 60_000 }: { timeoutMs?: number } = {}) =>
  new Promise<PutResponse>((resolve, reject) => {
    const target = new URL(url);
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new Error(`unsupported protocol ${target.protocol}`));
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: "PUT", agent, headers: { "content-length": body.length }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            etag: (res.headers.etag as string | undefined) ?? null,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on("error", reject);
    request.end(body);
  });
