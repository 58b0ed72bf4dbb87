// downloadFile against the real object store of the test stack (s3rver): a presigned URL that
// expires while its transfer is cut midway must come back as s3rver's own 403 "Request has expired",
// be replaced through the real issuance (issueDownloadUrl: gate, DownloadEvent, signing), and the
// file must resume with Range and end verified, with no .part left.
import { createHash, randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueDownloadUrl } from "@/lib/domain/downloads/issue-download-url";
import { env } from "@/lib/env";
import type { TDownloadMeta } from "@/lib/schemas/downloads";
import { presignGet } from "@/lib/storage/presign-get";
import { createDownloadableModel, createGrantee, trackDownloadModels } from "@/lib/testing/download-fixtures";
import { downloadFile } from "./download";

const modelIds = trackDownloadModels();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const meta: TDownloadMeta = { channel: "CLI", ip: "203.0.113.9", userAgent: "weights-cli/1" };

/** What the proxy saw of one exchange with s3rver. */
type Exchange = { range?: string; status: number; body: string; forwarded: number; cut: boolean };

/**
 * A tiny HTTP proxy in front of s3rver. It forwards each request unchanged (Host rewritten back
 * to s3rver's, so s3rver receives exactly what a direct client would send) and records the answer.
 * The first 200 is cut after `cutAfter` body bytes: the connection is held until `holdUntil()`
 * (so the URL has expired by then) and then destroyed, as a dropped network would.
 */
const startProxy = (target: URL, { cutAfter, holdUntil }: { cutAfter: number; holdUntil: () => number }) => {
  const seen: Exchange[] = [];
  let cutDone = false;
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up: IncomingMessage) => {
        const exchange: Exchange = {
          range: req.headers.range,
          status: up.statusCode ?? 0,
          body: "",
          forwarded: 0,
          cut: false,
        };
        seen.push(exchange);
        res.writeHead(up.statusCode ?? 502, up.headers);
        const cutThis = !cutDone && up.statusCode === 200;
        if (cutThis) cutDone = true;
        up.on("data", (chunk: Buffer) => {
          if (exchange.status >= 300) exchange.body += chunk.toString("utf8");
          if (!cutThis) {
            exchange.forwarded += chunk.length;
            res.write(chunk);
            return;
          }
          if (exchange.cut) return;
          const room = cutAfter - exchange.forwarded;
          const part = chunk.subarray(0, room);
          exchange.forwarded += part.length;
          res.write(part);
          if (exchange.forwarded < cutAfter) return;
          exchange.cut = true;
          up.destroy();
          setTimeout(() => res.destroy(), Math.max(0, holdUntil() - Date.now()));
        });
        up.on("end", () => !cutThis && res.end());
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return { server, seen };
};

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

let proxy: ReturnType<typeof startProxy>;
let proxyOrigin = "";
const TTL_SECONDS = 3;
const CUT = 1024 * 1024 + 12_345;
let firstExpiresAt = 0;

beforeAll(async () => {
  // s3rver compares its clock with X-Amz-Date + X-Amz-Expires in milliseconds: hold the cut
  // connection a little past that, so the next request is certainly refused as expired.
  proxy = startProxy(new URL(env.S3_ENDPOINT as string), { cutAfter: CUT, holdUntil: () => firstExpiresAt + 1_200 });
  proxyOrigin = await listen(proxy.server);
});
afterAll(() => new Promise<void>((r) => proxy.server.close(() => r())));

const viaProxy = (url: string) => {
  const u = new URL(url);
  const p = new URL(proxyOrigin);
  u.hostname = p.hostname;
  u.port = p.port;
  return u.toString();
};

describe("downloadFile through the real store", () => {
  it("gets s3rver's 403 'Request has expired' after a cut transfer, refreshes through issueDownloadUrl, resumes with Range and verifies", async () => {
    const bytes = randomBytes(4 * 1024 * 1024 + 777);
    const { model, version } = await createDownloadableModel(modelIds, [{ path: "weights/model.safetensors", bytes }]);
    const { user, caller } = await createGrantee(model);
    const stored = version.files[0];
    if (!stored?.sha256) throw new Error("fixture stores a READY file");

    const first = await presignGet({ key: stored.storageKey, fileName: stored.path, ttlSeconds: TTL_SECONDS });
    firstExpiresAt = first.expiresAt.getTime();
    let refreshes = 0;
    const refresh = async () => {
      refreshes++;
      const issued = await issueDownloadUrl(
        caller,
        { org: model.org, name: model.name, path: stored.path, revision: version.commitSha },
        meta,
      );
      return { url: viaProxy(issued.url), expiresAt: issued.expiresAt.toISOString() };
    };
    const dir = await mkdtemp(join(tmpdir(), "weights-real-store-"));
    const dest = join(dir, "model.safetensors");

    // No expiresAt: the client must not know the URL is about to die (a skewed clock, or a store
    // that expires URLs early), so only the store's own refusal can trigger the refresh.
    const result = await downloadFile(
      { path: stored.path, size: bytes.length, sha256: stored.sha256, url: viaProxy(first.url) },
      { dest, refresh, retryDelayMs: 10 },
    );

    expect(result).toBe("downloaded");
    expect(proxy.seen.map((e) => [e.range, e.status])).toEqual([
      [undefined, 200],
      [`bytes=${CUT}-`, 403],
      [`bytes=${CUT}-`, 206],
    ]);
    const [cut, expired, resumed] = proxy.seen as [Exchange, Exchange, Exchange];
    expect([cut.cut, cut.forwarded]).toEqual([true, CUT]);
    expect(expired.body).toContain("<Code>AccessDenied</Code>");
    expect(expired.body).toContain("<Message>Request has expired</Message>");
    expect(resumed.forwarded).toBe(bytes.length - CUT);
    expect(refreshes).toBe(1);

    const onDisk = await readFile(dest);
    expect(sha(onDisk)).toBe(sha(bytes));
    expect(onDisk.equals(bytes)).toBe(true);
    expect(await readdir(dir)).toEqual(["model.safetensors"]);
    // The fresh URL came from the real gate, which recorded it (the first URL was presigned bare).
    const events = await db.downloadEvent.findMany({
      where: { userId: user.id },
      select: { fileId: true, channel: true },
    });
    expect(events).toEqual([{ fileId: stored.id, channel: "CLI" }]);
  });
});
