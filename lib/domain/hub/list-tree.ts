import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { ZHubTreeQuery, type THubRevisionParams, type THubTreeEntry, type THubTreeQuery } from "@/lib/schemas/hub";
import { findHubRevision } from "./find-hub-revision";
import { entryNotFound } from "./hub-error";
import { loadRevisionEntries, parentOf } from "./load-revision-entries";

const encodeCursor = (path: string) => Buffer.from(path, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

/**
 * `GET /api/models/{org}/{name}/tree/{rev}[/{path}]`: the entries directly in `path` (or, with
 * `recursive`, every file and directory below it), in path order, `limit` per page. `nextCursor`
 * is the opaque cursor of the next page (the route puts it into a `Link: <…>; rel="next"` header).
 */
export const listTree = async (caller: Caller | null, params: THubRevisionParams, rawQuery: THubTreeQuery) => {
  const revision = await findHubRevision(caller, params);
  const query = ZHubTreeQuery.parse(rawQuery);
  const all = await loadRevisionEntries(revision, { expand: query.expand, userId: caller?.id });
  const dir = query.path;
  if (dir && !all.some((e) => e.type === "directory" && e.path === dir)) throw entryNotFound(dir);
  const inside = (e: THubTreeEntry) =>
    query.recursive ? dir === "" || e.path.startsWith(`${dir}/`) : parentOf(e.path) === dir;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const listed = all.filter((e) => inside(e) && (after === null || e.path > after));
  const entries = listed.slice(0, query.limit);
  const last = entries.at(-1);
  return {
    entries,
    nextCursor: listed.length > query.limit && last ? encodeCursor(last.path) : null,
    revision: { name: revision.version.name, commitSha: revision.version.commitSha },
  };
};
