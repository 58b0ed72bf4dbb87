import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFile, HASH_READ_BYTES, rangeFor, resumesAt, sha256File, type RemoteFile } from "./download";

const body = randomBytes(256 * 1024);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A tiny object store: `/obj?key=K` serves `body`, honouring Range; behaviours are set per key. */
type Behaviour = {
  cutAfter?: number;
  ignoreRange?: boolean;
  errorStatus?: number;
  errorType?: string;
  bytes?: Buffer;
  expired?: Set<string>;
  ok200Html?: boolean;
  expireOnCut?: boolean;
};
const behaviours = new Map<string, Behaviour>();
const log: { key: string; range?: string; status: number }[] = [];
let base = "";

const handle = (req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? "/", base);
  const key = url.searchParams.get("key") ?? "";
  const sig = url.searchParams.get("sig") ?? "";
  const b = behaviours.get(key) ?? {};
  const data = b.bytes ?? body;
  const range = req.headers.range;
  const done = (status: number) => log.push({ key, range, status });
  if (b.expired?.has(sig)) {
    done(403);
    res
      .writeHead(403, { "content-type": "application/xml" })
      .end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
    return;
  }
  if (b.errorStatus) {
    done(b.errorStatus);
    res
      .writeHead(b.errorStatus, { "content-type": b.errorType ?? "application/xml" })
      .end("<Error><Code>InternalError</Code></Error>");
    return;
  }
  if (b.ok200Html) {
    done(200);
    res.writeHead(200, { "content-type": "text/html" }).end("<html>captive portal</html>");
    return;
  }
  const m = range && !b.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
  const from = m ? Number(m[1]) : 0;
  const slice = data.subarray(from);
  const status = m ? 206 : 200;
  done(status);
  res.writeHead(status, {
    "content-type": "application/octet-stream",
    "content-length": String(slice.length),
    ...(m ? { "content-range": `bytes ${from}-${data.length - 1}/${data.length}` } : {}),
  });
  if (b.cutAfter !== undefined) {
    const cut = b.cutAfter;
    b.cutAfter = undefined; // fail once, then behave
    if (b.expireOnCut) b.expired?.add(sig); // the URL dies with the connection
    res.write(slice.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
    return;
  }
  res.end(slice);
};

const server = createServer(handle);
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let n = 0;
const setup = async (b: Behaviour = {}) => {
  const key = `k${++n}`;
  behaviours.set(key, b);
  const dir = await mkdtemp(join(tmpdir(), "weights-dl-"));
  const file: RemoteFile = {
    path: "model.bin",
    size: body.length,
    sha256: sha(body),
    url: `${base}/obj?key=${key}&sig=s0`,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  };
  let refreshes = 0;
  const refresh = async () => ({
    url: `${base}/obj?key=${key}&sig=s${++refreshes}`,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });
  const requests = () => log.filter((l) => l.key === key);
  return { key, dir, dest: join(dir, "model.bin"), file, refresh, requests, refreshCount: () => refreshes };
};
const fast = { retryDelayMs: 1 };

describe("rangeFor / resumesAt", () => {
  it("asks for the rest only when a part holds some but not all bytes", () => {
    expect(rangeFor(null, 10)).toBeNull();
    expect(rangeFor(0, 10)).toBeNull();
    expect(rangeFor(4, 10)).toBe("bytes=4-");
    expect(rangeFor(10, 10)).toBeNull();
  });
  it("a 206 must start where the part ends", () => {
    expect(resumesAt("bytes 4-9/10", 4)).toBe(true);
    expect(resumesAt("bytes 0-9/10", 4)).toBe(false);
    expect(resumesAt(null, 4)).toBe(false);
  });
});

describe("sha256File", () => {
  it("hashes every block of a file spanning several reads (and a short last one), and an empty file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "weights-hash-"));
    const big = randomBytes(HASH_READ_BYTES * 3 + 12_345);
    await writeFile(join(dir, "big.bin"), big);
    await writeFile(join(dir, "empty.bin"), Buffer.alloc(0));
    expect(await sha256File(join(dir, "big.bin"))).toBe(sha(big));
    expect(await sha256File(join(dir, "empty.bin"))).toBe(sha(Buffer.alloc(0)));
  });
});

describe("downloadFile", () => {
  it("downloads, verifies and renames; no .part is left", async () => {
    const t = await setup();
    expect(await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast })).toBe("downloaded");
    expect(sha(await readFile(t.dest))).toBe(t.file.sha256);
    expect(await readdir(t.dir)).toEqual(["model.bin"]);
  });

  it("resumes with Range after the transfer is cut midway, hashing the whole file", async () => {
    const t = await setup({ cutAfter: 100_000 });
    await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast });
    expect(t.requests().map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      ["bytes=100000-", 206],
    ]);
    expect((await readFile(t.dest)).equals(body)).toBe(true);
    expect(await readdir(t.dir)).toEqual(["model.bin"]);
  });

  it("resumes an existing .part left by an earlier run", async () => {
    const t = await setup();
    await writeFile(`${t.dest}.part`, body.subarray(0, 5000));
    await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast });
    expect(t.requests().map((r) => r.range)).toEqual(["bytes=5000-"]);
    expect((await readFile(t.dest)).equals(body)).toBe(true);
  });

  it("starts over when the server answers a Range request with 200", async () => {
    const t = await setup({ ignoreRange: true });
    await writeFile(`${t.dest}.part`, Buffer.from("stale bytes from another object"));
    await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast });
    expect(t.requests().map((r) => [r.range, r.status])).toEqual([["bytes=31-", 200]]);
    expect((await readFile(t.dest)).equals(body)).toBe(true);
  });

  it("asks for a fresh URL when the store says the URL expired mid-file, and continues from the part", async () => {
    const t = await setup({ cutAfter: 70_000, expired: new Set(), expireOnCut: true });
    const first = t.file.url;
    await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast });
    expect(first).toContain("sig=s0");
    expect(t.requests().map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      ["bytes=70000-", 403],
      ["bytes=70000-", 206],
    ]);
    expect(t.refreshCount()).toBe(1);
    expect((await readFile(t.dest)).equals(body)).toBe(true);
  });

  it("refreshes before starting when expiresAt has passed", async () => {
    const t = await setup({ expired: new Set(["s0"]) });
    t.file.expiresAt = new Date(Date.now() - 1000).toISOString();
    await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast });
    expect(t.requests().map((r) => r.status)).toEqual([200]);
    expect(t.refreshCount()).toBe(1);
  });

  it("never writes an error body: a 500 XML or a 200 HTML page leaves neither a final file nor a part", async () => {
    for (const b of [{ errorStatus: 500 }, { ok200Html: true }] as Behaviour[]) {
      const t = await setup(b);
      await expect(
        downloadFile(t.file, { dest: t.dest, refresh: t.refresh, attempts: 2, ...fast }),
      ).rejects.toMatchObject({ exitCode: 5 });
      expect(await readdir(t.dir)).toEqual([]);
      expect(t.requests()).toHaveLength(2);
    }
  });

  it("a sha256 mismatch deletes the part and fails with the integrity exit code", async () => {
    const t = await setup({ bytes: randomBytes(body.length) });
    await expect(downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast })).rejects.toMatchObject({
      exitCode: 6,
      message: expect.stringContaining("sha256 mismatch"),
    });
    expect(await readdir(t.dir)).toEqual([]);
  });

  it("skips a file already present with the right sha256, and replaces one with the wrong bytes", async () => {
    const t = await setup();
    await writeFile(t.dest, body);
    expect(await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast })).toBe("skipped");
    expect(t.requests()).toHaveLength(0);
    await writeFile(t.dest, randomBytes(body.length));
    expect(await downloadFile(t.file, { dest: t.dest, refresh: t.refresh, ...fast })).toBe("downloaded");
    expect((await readFile(t.dest)).equals(body)).toBe(true);
  });
});
