import "server-only";
import { db } from "@/lib/db";
import { callerCopyEntries } from "@/lib/domain/fingerprint/caller-copy-entries";
import type { THubTreeEntry } from "@/lib/schemas/hub";
import type { HubRevision } from "./find-hub-revision";
import { directoryOid, lfsPointer } from "./lfs-pointer";

/**
 * Every entry of a revision as the Hub lists it, sorted by path: its READY files (a file still
 * uploading, verifying or failed does not exist for clients) and every directory above them.
 * `lastCommit` (the Hub's `expand`) is the revision itself: we publish versions, not commits.
 */
export const loadRevisionEntries = async (
  { version }: Pick<HubRevision, "version">,
  { expand = false, userId }: { expand?: boolean; userId?: string | null } = {},
) => {
  const [stored, copies] = await Promise.all([
    db.modelFile.findMany({
      where: { versionId: version.id, status: "READY", sha256: { not: null } },
      select: { path: true, size: true, sha256: true },
    }),
    callerCopyEntries(userId, version.id),
  ]);
  // A fingerprinted model lists the caller's own copies' digests.
  const files = stored.map((f) => ({ ...f, ...copies.get(f.path) }));
  const lastCommit = expand
    ? {
        lastCommit: {
          id: version.commitSha,
          title: version.name,
          date: (version.publishedAt ?? version.createdAt).toISOString(),
        },
      }
    : {};
  const entries = new Map<string, THubTreeEntry>();
  for (const f of files) {
    const size = Number(f.size);
    const sha256 = f.sha256 as string;
    const { oid, pointerSize } = lfsPointer(sha256, size);
    entries.set(f.path, {
      type: "file",
      oid,
      size,
      path: f.path,
      lfs: { oid: sha256, size, pointerSize },
      ...lastCommit,
    });
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!entries.has(dir))
        entries.set(dir, {
          type: "directory",
          oid: directoryOid(version.commitSha, dir),
          size: 0,
          path: dir,
          ...lastCommit,
        });
    }
  }
  // Code-unit order, so a cursor (the last path of a page) compares the same way everywhere.
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};

/** The parent directory of a path ("" for the root). */
export const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
