// Figures 2 and 3 of bench:downloads. 2: the big file fetched through the Hub `resolve` route
// (following its 302) against a direct presigned GET of the same object, each streamed and
// discarded, alternating which goes first. 3: the CLI's sha256 of a finished file (sha256File, what
// `weights pull` runs before the rename) against `openssl dgst -sha256` on the same file.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sha256File } from "@/lib/cli/download";
import type { BenchWorld } from "./seed";

/** `issuedMs`: for a download through resolve, the time until its 302 arrived. */
export type Timed = { ms: number; bytes: number; issuedMs?: number };
export type Pair = { a: Timed[]; b: Timed[] };

const drain = async (res: Response) => {
  if (!res.body) throw new Error("no body");
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
};

/** Runs a warm-up of each, then `rounds` rounds of (a, b), alternating which goes first. */
const alternate = async (a: () => Promise<Timed>, b: () => Promise<Timed>, rounds: number): Promise<Pair> => {
  await a();
  await b();
  const out: Pair = { a: [], b: [] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      out.b.push(await b());
      out.a.push(await a());
    } else {
      out.a.push(await a());
      out.b.push(await b());
    }
  }
  return out;
};

export const measureTransfer = async ({
  appUrl,
  s3Endpoint,
  world,
  rounds,
}: {
  appUrl: string;
  s3Endpoint: string;
  world: BenchWorld;
  rounds: number;
}) => {
  const { presignGet } = await import("@/lib/storage/presign-get");
  const viaResolve = async (): Promise<Timed> => {
    const t = performance.now();
    // The redirect followed by hand, as Hub clients do, to time the issuance part apart; the
    // token is not sent to the store (fetch would drop it on this cross-origin redirect too).
    const redirect = await fetch(`${appUrl}/${world.slug}/resolve/main/${world.big.path}`, {
      headers: { authorization: `Bearer ${world.token}` },
      redirect: "manual",
    });
    const location = redirect.headers.get("location");
    await redirect.body?.cancel();
    if (redirect.status !== 302 || !location?.startsWith(s3Endpoint))
      throw new Error(`resolve answered ${redirect.status}`);
    const issuedMs = performance.now() - t;
    const res = await fetch(location);
    if (res.status !== 200) throw new Error(`the presigned URL from resolve answered ${res.status}`);
    const bytes = await drain(res);
    return { ms: performance.now() - t, bytes: check(bytes), issuedMs };
  };
  const direct = async (): Promise<Timed> => {
    // A client that already holds a presigned URL: signing is not part of the transfer.
    const { url } = await presignGet({ key: world.big.key, fileName: world.big.path, ttlSeconds: 600 });
    const t = performance.now();
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`direct GET answered ${res.status}`);
    const bytes = await drain(res);
    return { ms: performance.now() - t, bytes: check(bytes) };
  };
  const check = (bytes: number) => {
    if (bytes !== world.big.size) throw new Error(`got ${bytes} of ${world.big.size} bytes`);
    return bytes;
  };
  return alternate(viaResolve, direct, rounds);
};

const run = promisify(execFile);

export const measureHash = async ({ world, rounds }: { world: BenchWorld; rounds: number }) => {
  const file = world.big.localCopy;
  const cli = async (): Promise<Timed> => {
    const t = performance.now();
    const digest = await sha256File(file);
    return { ms: performance.now() - t, bytes: verify(digest, "sha256File") };
  };
  const openssl = async (): Promise<Timed> => {
    const t = performance.now();
    const { stdout } = await run("openssl", ["dgst", "-sha256", file]);
    const ms = performance.now() - t;
    return { ms, bytes: verify(/= ([0-9a-f]{64})\s*$/.exec(stdout)?.[1] ?? stdout, "openssl") };
  };
  const verify = (digest: string, who: string) => {
    if (digest !== world.big.sha256) throw new Error(`${who} computed ${digest}, expected ${world.big.sha256}`);
    return world.big.size;
  };
  return alternate(cli, openssl, rounds);
};

/** Bytes per second over all timed runs. */
export const rate = (ts: Timed[]) => ts.reduce((s, t) => s + t.bytes, 0) / (ts.reduce((s, t) => s + t.ms, 0) / 1000);
export const mbps = (bytesPerSecond: number) => `${(bytesPerSecond / 1e6).toFixed(0)} MB/s`;
