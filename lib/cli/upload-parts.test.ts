import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, open, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { partLength } from "../common/plan-parts";
import { CliError } from "./errors";
import type { StartedUpload, UploadApi } from "./upload-api";
import { readPart, uploadParts } from "./upload-parts";
import { createPool } from "./upload-pool";

/**
 * A stand-in for S3's presigned part PUTs: `/part?u=UPLOAD&n=PART&v=BATCH` stores the body and
 * answers an ETag (md5, quoted, as S3); a queue of failures can be set per part first.
 */
type Failure = 500 | 403 | 400 | "drop" | "no-etag";
const failures = new Map<string, Failure[]>();
const stored = new Map<string, Buffer>();
const puts: { upload: string; part: number; status: number | "drop"; batch: string }[] = [];
let inFlight = 0;
let peak = 0;
let base = "";

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  inFlight++;
  peak = Math.max(peak, inFlight);
  try {
    const url = new URL(req.url ?? "/", base);
    const [upload, part, batch] = [
      url.searchParams.get("u") ?? "",
      Number(url.searchParams.get("n")),
      url.searchParams.get("v") ?? "",
    ];
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (Number(req.headers["content-length"]) !== body.length)
      throw new Error("content-length does not match the body");
    // Slow enough that the transfers overlap and the pool's limit shows.
    await new Promise((r) => setTimeout(r, 15));
    const failure = failures.get(`${upload}:${part}`)?.shift();
    puts.push({
      upload,
      part,
      status: failure === "drop" ? "drop" : typeof failure === "number" ? failure : 200,
      batch,
    });
    if (failure === "drop") return void req.socket.destroy();
    if (typeof failure === "number")
      return void res
        .writeHead(failure, { "content-type": "application/xml" })
        .end(`<Error><Code>${failure === 403 ? "AccessDenied" : "InternalError"}</Code></Error>`);
    stored.set(`${upload}:${part}`, body);
    res
      .writeHead(200, failure === "no-etag" ? {} : { etag: `"${createHash("md5").update(body).digest("hex")}"` })
      .end();
  } finally {
    inFlight--;
  }
};

const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  failures.clear();
  stored.clear();
  puts.length = 0;
  peak = 0;
});

const dir = mkdtemp(join(tmpdir(), "weights-push-"));
const localFile = async (size: number) => {
  const bytes = randomBytes(size);
  const file = join(await dir, `${randomBytes(6).toString("hex")}.bin`);
  await writeFile(file, bytes);
  return { bytes, file };
};
const started = (id: string, size: number, partSize: number, done: number[] = []): StartedUpload => ({
  id,
  fileId: `f-${id}`,
  path: `${id}.bin`,
  size,
  partSize,
  partCount: Math.ceil(size / partSize),
  completedParts: done.map((partNumber) => ({ partNumber, size: partLength(size, partSize, partNumber) })),
});

/** The portal's side: URLs for the fake store, and the parts recorded. */
const fakePortal = (uploads: StartedUpload[]) => {
  const byId = new Map(uploads.map((u) => [u.id, u]));
  const urlCalls: { id: string; parts: number[] }[] = [];
  const recorded: { id: string; part: number; etag: string; size: number }[] = [];
  const unused = () => Promise.reject(new Error("not used here"));
  const api: UploadApi = {
    getVersion: unused,
    start: unused,
    complete: unused,
    partUrls: async (id, parts) => {
      const u = byId.get(id) as StartedUpload;
      urlCalls.push({ id, parts });
      const batch = String(urlCalls.length);
      return {
        parts: parts.map((n) => ({
          partNumber: n,
          size: partLength(u.size, u.partSize, n),
          url: `${base}/part?u=${id}&n=${n}&v=${batch}`,
        })),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      };
    },
    recordPart: async (id, part, p) => void recorded.push({ id, part, ...p }),
  };
  return { api, urlCalls, recorded };
};
const md5 = (b: Buffer) => `"${createHash("md5").update(b).digest("hex")}"`;
const rangeOf = (bytes: Buffer, u: StartedUpload, n: number) =>
  bytes.subarray((n - 1) * u.partSize, (n - 1) * u.partSize + partLength(u.size, u.partSize, n));

describe("uploadParts", () => {
  it("sends each missing part's exact byte range, two files through one pool of 4, skipping resumed parts; records every ETag", async () => {
    const a = await localFile(10_500);
    const b = await localFile(6_000);
    const ua = started("ua", a.bytes.length, 1000, [1, 2, 3]); // resumed: 3 of 11 parts on the portal
    const ub = started("ub", b.bytes.length, 1000);
    const portal = fakePortal([ua, ub]);
    const pool = createPool(4);
    const progress: number[] = [];
    const [ra, rb] = await Promise.all([
      uploadParts({ api: portal.api, pool, file: a.file, upload: ua, onPart: (_, n) => progress.push(n), urlBatch: 5 }),
      uploadParts({ api: portal.api, pool, file: b.file, upload: ub, urlBatch: 5 }),
    ]);
    expect(ra).toEqual({ sentParts: 8, sentBytes: 10_500 - 3000 });
    expect(rb).toEqual({ sentParts: 6, sentBytes: 6000 });
    expect(progress.reduce((s, n) => s + n, 0)).toBe(7500);
    // Never more than the pool's 4 at once across both files, and the pool is used in full.
    expect(peak).toBe(4);
    expect(
      puts
        .filter((p) => p.upload === "ua")
        .map((p) => p.part)
        .sort((x, y) => x - y),
    ).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    for (const [u, f] of [
      [ua, a],
      [ub, b],
    ] as const)
      for (let n = 1; n <= u.partCount; n++) {
        const got = stored.get(`${u.id}:${n}`);
        if (u.completedParts.some((p) => p.partNumber === n)) expect(got).toBeUndefined();
        else expect(got?.equals(rangeOf(f.bytes, u, n)), `${u.id} part ${n}`).toBe(true);
      }
    expect(portal.recorded.filter((r) => r.id === "ua").sort((x, y) => x.part - y.part)).toEqual(
      [4, 5, 6, 7, 8, 9, 10, 11].map((n) => ({
        id: "ua",
        part: n,
        etag: md5(rangeOf(a.bytes, ua, n)),
        size: partLength(ua.size, 1000, n),
      })),
    );
    // URLs come in batches as parts come up (at most 5 here), never for a part already uploaded.
    expect(portal.urlCalls.every((c) => c.parts.length <= 5)).toBe(true);
    expect(
      portal.urlCalls
        .filter((c) => c.id === "ua")
        .flatMap((c) => c.parts)
        .sort((x, y) => x - y),
    ).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("retries a part after a 500 and a dropped connection, and asks for a fresh URL after a 403 (expired)", async () => {
    const f = await localFile(3000);
    const u = started("retry", 3000, 1000);
    failures.set("retry:1", [500, "drop"]);
    failures.set("retry:2", [403]);
    const portal = fakePortal([u]);
    await uploadParts({ api: portal.api, pool: createPool(4), file: f.file, upload: u, retryDelayMs: 1 });
    expect(puts.filter((p) => p.part === 1).map((p) => p.status)).toEqual([500, "drop", 200]);
    const part2 = puts.filter((p) => p.part === 2);
    expect(part2.map((p) => p.status)).toEqual([403, 200]);
    // The retry after the 403 went to a URL from a later batch than the refused one.
    expect(Number(part2[1]?.batch)).toBeGreaterThan(Number(part2[0]?.batch));
    for (let n = 1; n <= 3; n++) expect(stored.get(`retry:${n}`)?.equals(rangeOf(f.bytes, u, n))).toBe(true);
    expect(portal.recorded.map((r) => r.part).sort()).toEqual([1, 2, 3]);
  });

  it("gives up on a part after its attempts (exit 5, says how to resume) and sends none of the file's queued parts after that", async () => {
    const f = await localFile(4000);
    const u = started("dead", 4000, 1000);
    failures.set("dead:1", [500, 500, 500]);
    const portal = fakePortal([u]);
    const e = await uploadParts({
      api: portal.api,
      pool: createPool(1),
      file: f.file,
      upload: u,
      attempts: 3,
      retryDelayMs: 1,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(5);
    expect((e as CliError).message).toBe(
      "dead.bin: part 1 failed 3 times (storage answered 500 InternalError); run the same command again to resume.",
    );
    expect(puts.map((p) => p.part)).toEqual([1, 1, 1]);
    expect(portal.recorded).toEqual([]);
  });

  it("does not retry a 400 from the store, nor a part stored without an ETag", async () => {
    const f = await localFile(1000);
    for (const [id, failure, message] of [
      ["bad", 400, "The store refused a part: storage answered 400 InternalError."],
      ["noetag", "no-etag", "The store accepted a part but sent no ETag header."],
    ] as const) {
      failures.set(`${id}:1`, [failure]);
      const u = started(id, 1000, 1000);
      const portal = fakePortal([u]);
      const e = await uploadParts({
        api: portal.api,
        pool: createPool(4),
        file: f.file,
        upload: u,
        retryDelayMs: 1,
      }).catch((x: unknown) => x);
      expect([(e as CliError).exitCode, (e as CliError).message]).toEqual([5, message]);
      expect(puts.filter((p) => p.upload === id)).toHaveLength(1);
      expect(portal.recorded).toEqual([]);
    }
  });

  it("records a part again, without sending it again, when the portal failed for a network reason", async () => {
    const f = await localFile(1000);
    const u = started("rec", 1000, 1000);
    const portal = fakePortal([u]);
    let refusals = 1;
    const recordPart = portal.api.recordPart;
    portal.api.recordPart = async (...args) => {
      if (refusals-- > 0) throw new CliError(5, "The portal answered 502 Bad Gateway.");
      return recordPart(...args);
    };
    await uploadParts({ api: portal.api, pool: createPool(4), file: f.file, upload: u, retryDelayMs: 1 });
    expect(puts.map((p) => p.status)).toEqual([200]);
    expect(portal.recorded).toEqual([{ id: "rec", part: 1, etag: md5(f.bytes), size: 1000 }]);
    expect(refusals).toBe(-1);
  });

  it("has nothing to do when every part is on the portal (and does not open the file)", async () => {
    const u = started("full", 2000, 1000, [1, 2]);
    expect(
      await uploadParts({ api: fakePortal([u]).api, pool: createPool(4), file: "/nonexistent", upload: u }),
    ).toEqual({ sentParts: 0, sentBytes: 0 });
    expect(puts).toEqual([]);
  });
});

describe("readPart", () => {
  it("reads exactly the range asked for, and refuses a file that got shorter", async () => {
    const f = await localFile(5000);
    const handle = await open(f.file, "r");
    try {
      expect((await readPart(handle, 1234, 2000)).equals(f.bytes.subarray(1234, 3234))).toBe(true);
      expect((await readPart(handle, 4000, 1000)).equals(f.bytes.subarray(4000))).toBe(true);
      await expect(readPart(handle, 4500, 1000)).rejects.toThrow("The file ended at 5000 bytes while being uploaded");
    } finally {
      await handle.close();
    }
  });
});

describe("createPool", () => {
  it("runs at most `size` tasks at once, in the order they came, and frees a slot when a task throws", async () => {
    const pool = createPool(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (i === 1) throw new Error("boom");
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => pool.run(task(i))));
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
  });
});
