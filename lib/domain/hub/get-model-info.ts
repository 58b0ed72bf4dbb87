import "server-only";
import type { Caller } from "@/lib/auth/get-current-user";
import { db } from "@/lib/db";
import {
  ZHubModelInfo,
  ZHubModelInfoQuery,
  type THubModelInfo,
  type THubModelInfoQuery,
  type THubRevisionParams,
} from "@/lib/schemas/hub";
import { findHubRevision } from "./find-hub-revision";
import { loadRevisionEntries } from "./load-revision-entries";
import { DAY_MS } from "@/lib/time";

/**
 * The Hub's `gated` is false only when anyone may download without signing in. Every model here
 * needs at least a signed-in caller who accepted the license, which is the Hub's "auto" (granted
 * on request); OPEN and AUTO are both "auto", MANUAL (a reviewer decides) is "manual".
 */
export const hubGated = (gating: "OPEN" | "AUTO" | "MANUAL"): "auto" | "manual" =>
  gating === "MANUAL" ? "manual" : "auto";

const DOWNLOADS_WINDOW_MS = 30 * DAY_MS;

/**
 * `GET /api/models/{org}/{name}[/revision/{rev}]`: the Hub's model info for a revision. `siblings`
 * lists the revision's READY files; with `blobs` each carries size, blob id and LFS info. With
 * `expand`, only `_id`, `id` and the expanded keys are returned (siblings via `expand=siblings`).
 * `downloads` is the Hub's: URLs issued in the last 30 days.
 */
export const getModelInfo = async (
  caller: Caller | null,
  params: THubRevisionParams,
  rawQuery: THubModelInfoQuery = {},
) => {
  const { model, version } = await findHubRevision(caller, params);
  const query = ZHubModelInfoQuery.parse(rawQuery);
  const [entries, downloads] = await Promise.all([
    loadRevisionEntries({ version }, { userId: caller?.id }),
    db.downloadEvent.count({
      where: { modelId: model.id, issuedAt: { gte: new Date(Date.now() - DOWNLOADS_WINDOW_MS) } },
    }),
  ]);
  const id = `${model.org}/${model.name}`;
  const info: THubModelInfo = ZHubModelInfo.parse({
    _id: model.id,
    id,
    modelId: id,
    author: model.org,
    sha: version.commitSha,
    lastModified: (version.publishedAt ?? version.createdAt).toISOString(),
    createdAt: model.createdAt.toISOString(),
    private: model.visibility === "PRIVATE",
    disabled: false,
    gated: hubGated(model.gating),
    pipeline_tag: model.task,
    tags: [],
    downloads,
    likes: 0,
    siblings: entries.flatMap((e) =>
      e.type !== "file"
        ? []
        : [
            {
              rfilename: e.path,
              ...(query.blobs
                ? {
                    size: e.size,
                    blobId: e.oid,
                    lfs: { sha256: e.lfs.oid, size: e.size, pointerSize: e.lfs.pointerSize },
                  }
                : {}),
            },
          ],
    ),
  });
  if (query.expand.length === 0) return info;
  const keys = new Set(query.expand);
  return Object.fromEntries(
    Object.entries(info).filter(([k]) => k === "_id" || k === "id" || keys.has(k)),
  ) as Partial<THubModelInfo>;
};
