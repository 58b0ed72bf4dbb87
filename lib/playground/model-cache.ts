// Verified model bytes in the Cache API, keyed by their sha256 rather than the signed URL: a URL
// changes with every session and expires within minutes, the content hash does not. A second
// visit then transfers no weight bytes (the session start still passes the gate and is recorded).
const CACHE_NAME = "weights-playground-v1";
const keyOf = (sha256: string) => `/__playground-cache__/${sha256}`;

export type CachedModelFile = { sha256: string; slug: string; path: string; size: number; cachedAt: string };

const open = () => (typeof caches === "undefined" ? null : caches.open(CACHE_NAME));

/** The cached bytes of a file, or null (also when the Cache API is unavailable, e.g. outside a secure context). */
export const readCachedFile = async (sha256: string): Promise<ArrayBuffer | null> => {
  const cache = await open();
  const res = await cache?.match(keyOf(sha256));
  return res ? res.arrayBuffer() : null;
};

/**
 * Stores bytes whose sha256 was just checked; a full quota only means no cache, never a failed load.
 * The bytes are copied into a Blob before this returns, so the caller may hand the buffer to a worker
 * (transferring it) while the write goes on: the load does not wait for the disk.
 */
export const writeCachedFile = (file: Omit<CachedModelFile, "cachedAt">, bytes: ArrayBuffer): Promise<void> => {
  const opened = open();
  if (!opened) return Promise.resolve();
  const body = new Blob([bytes]);
  const headers = {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(bytes.byteLength),
    "X-Model": file.slug,
    "X-Path": file.path,
    "X-Cached-At": new Date().toISOString(),
  };
  return opened.then((cache) => cache.put(keyOf(file.sha256), new Response(body, { headers }))).catch(() => undefined);
};

/** Every cached file with its model, path and size (for the "cached models" control). */
export const listCachedFiles = async (): Promise<CachedModelFile[]> => {
  const cache = await open();
  if (!cache) return [];
  const out: CachedModelFile[] = [];
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    if (!res) continue;
    out.push({
      sha256: new URL(req.url).pathname.split("/").pop() ?? "",
      slug: res.headers.get("X-Model") ?? "",
      path: res.headers.get("X-Path") ?? "",
      size: Number(res.headers.get("Content-Length") ?? 0),
      cachedAt: res.headers.get("X-Cached-At") ?? "",
    });
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug) || a.path.localeCompare(b.path));
};

export const clearCachedFiles = async () => {
  if (typeof caches !== "undefined") await caches.delete(CACHE_NAME);
};
