// UploadPartCopy (PUT ?partNumber&uploadId with x-amz-copy-source) for the embedded store: s3rver 3.7
// answers NotImplemented; S3 and MinIO copy the source range into the part server-side. Here a copied
// part is a hard link to the source object's file plus its byte range, and CompleteMultipartUpload
// assembles the object from the listed parts. When every copied part sits at its own offset of one
// source (a patched copy: most of an object copied, a few ranges uploaded), the object is a file copy
// of the source (as CopyObject does) with the uploaded parts written over it.
// A copied part's ETag is opaque here (S3's is the part's MD5 for unencrypted objects, something
// else for KMS-encrypted ones; clients hand it back unread). Not done: x-amz-copy-source-if-*
// conditions and versionId (s3rver keeps no versions). The source is expected not to be rewritten in
// place while the upload is open (the registry never rewrites an object): its mtime is checked.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type S3rver from "s3rver";
import S3Error from "s3rver/lib/models/error.js";

type PartRef = { start: number; end: number; mtimeMs: number; size: number };
export type PartCtx = {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  href: string;
  status: number;
  body: unknown;
};

const header = (ctx: PartCtx, name: string) => {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const partNumberOf = (ctx: PartCtx) => {
  const n = Number(ctx.query.partNumber);
  if (!Number.isInteger(n) || n < 1 || n > 10000)
    throw new S3Error("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
  return n;
};

/** A PUT of a part's bytes replaces a copied part of the same number, as on S3. */
export const forgetCopiedPart = async (dir: string, ctx: PartCtx) => {
  const n = Number(ctx.query.partNumber);
  if (!Number.isInteger(n)) return;
  await Promise.all([rm(path.join(dir, `${n}.ref`), { force: true }), rm(path.join(dir, `${n}.src`), { force: true })]);
};

const parseSource = (raw: string) => {
  const s = raw.startsWith("/") ? raw.slice(1) : raw;
  if (s.includes("?versionId=")) throw new S3Error("NotImplemented", "This store keeps no object versions");
  const at = s.indexOf("/");
  try {
    if (at > 0 && at < s.length - 1)
      return { bucket: decodeURIComponent(s.slice(0, at)), key: decodeURIComponent(s.slice(at + 1)) };
  } catch {
    // falls through to the refusal
  }
  throw new S3Error("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
};

/** UploadPartCopy: records the range of the source as part `partNumber` and answers its ETag. */
export const uploadPartCopy = async (server: S3rver, ctx: PartCtx, dir: string) => {
  const n = partNumberOf(ctx);
  const source = parseSource(header(ctx, "x-amz-copy-source") ?? "");
  const file = server.store.getResourcePath(source.bucket, source.key, "object");
  const st = await stat(file).catch(() => null);
  if (!st) throw new S3Error("NoSuchKey", "The specified key does not exist.", { Key: source.key });
  let start = 0;
  let end = st.size - 1;
  const range = header(ctx, "x-amz-copy-source-range");
  if (range !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= st.size)
      throw new S3Error("InvalidArgument", `Range specified is not valid for source object of size: ${st.size}`);
    [start, end] = [Number(m[1]), Number(m[2])];
  }
  await rm(path.join(dir, String(n)), { force: true });
  await rm(path.join(dir, `${n}.src`), { force: true });
  await link(file, path.join(dir, `${n}.src`));
  const ref: PartRef = { start, end, mtimeMs: st.mtimeMs, size: st.size };
  const etag = createHash("md5").update(`${source.bucket}/${source.key}@${st.mtimeMs}:${start}-${end}`).digest("hex");
  await writeFile(path.join(dir, `${n}.ref`), JSON.stringify(ref));
  await writeFile(path.join(dir, `${n}.md5`), etag);
  ctx.status = 200;
  ctx.body = { CopyPartResult: { LastModified: new Date().toISOString(), ETag: JSON.stringify(etag) } };
};

const readRef = (dir: string, n: number) =>
  readFile(path.join(dir, `${n}.ref`), "utf8").then(
    (t) => JSON.parse(t) as PartRef,
    () => null,
  );

/** Whether any listed part is a copied one (then completeWithCopies assembles the object). */
export const listsCopiedPart = async (dir: string, numbers: number[]) =>
  (await Promise.all(numbers.map((n) => readRef(dir, n)))).some(Boolean);

/** CompleteMultipartUpload of parts already checked (checkListedParts), some of them copied. */
export const completeWithCopies = async (
  server: S3rver,
  ctx: PartCtx,
  target: { bucket: string; key: string },
  dir: string,
  parts: { number: number; etag: string }[],
) => {
  const listed: { n: number; ref: PartRef | null; size: number; inode: number }[] = [];
  for (const { number: n } of parts) {
    const ref = await readRef(dir, n);
    const st = await stat(path.join(dir, ref ? `${n}.src` : String(n)));
    if (ref && st.mtimeMs !== ref.mtimeMs)
      throw new S3Error("InvalidPart", "The source of a copied part changed before the upload completed.");
    listed.push({ n, ref, size: ref ? ref.end - ref.start + 1 : st.size, inode: st.ino });
  }
  const tmp = path.join(dir, "assembled");
  const copied = listed.filter((p) => p.ref);
  let offset = 0;
  const inPlace = listed.map((p) => {
    const at = offset;
    offset += p.size;
    return !p.ref || p.ref.start === at;
  });
  const total = offset;
  const oneSource = copied.every((p) => p.inode === copied[0]!.inode) && inPlace.every(Boolean);
  if (oneSource) await copyFile(path.join(dir, `${copied[0]!.n}.src`), tmp);
  const out = await open(tmp, oneSource ? "r+" : "w");
  try {
    let at = 0;
    for (const p of listed) {
      if (!(oneSource && p.ref)) {
        const from = await open(path.join(dir, p.ref ? `${p.n}.src` : String(p.n)), "r");
        try {
          const chunk = Buffer.allocUnsafe(8 * 2 ** 20);
          for (let done = 0; done < p.size;) {
            const want = Math.min(chunk.length, p.size - done);
            const { bytesRead } = await from.read(chunk, 0, want, (p.ref?.start ?? 0) + done);
            if (!bytesRead) throw new S3Error("InternalError", "A part is shorter than recorded.");
            await out.write(chunk, 0, bytesRead, at + done);
            done += bytesRead;
          }
        } finally {
          await from.close();
        }
      }
      at += p.size;
    }
    await out.truncate(total);
  } finally {
    await out.close();
  }
  // S3's multipart ETag: the MD5 of the parts' binary MD5s, a dash, the number of parts.
  const etag = `${createHash("md5")
    .update(Buffer.concat(parts.map((p) => Buffer.from(p.etag, "hex"))))
    .digest("hex")}-${parts.length}`;
  const objectPath = server.store.getResourcePath(target.bucket, target.key, "object");
  await mkdir(path.dirname(objectPath), { recursive: true });
  await rename(tmp, objectPath);
  const metadata = JSON.parse(await readFile(path.join(dir, "metadata"), "utf8")) as Record<string, string>;
  // As s3rver's own objects: its default content type when the upload named none.
  await server.store.putMetadata(
    target.bucket,
    target.key,
    { "content-type": "binary/octet-stream", ...metadata },
    etag,
  );
  await rm(dir, { recursive: true, force: true });
  ctx.status = 200;
  ctx.body = {
    CompleteMultipartUploadResult: {
      Location: ctx.href.split("?")[0],
      Bucket: target.bucket,
      Key: target.key,
      ETag: JSON.stringify(etag),
    },
  };
};
