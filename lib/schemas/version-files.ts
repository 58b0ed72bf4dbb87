import { z } from "zod";
import { ZVersionRouteParams } from "./model-admin";
import { ZInstant } from "./instant";
import { ZUploadPath } from "./upload-path";

/**
 * `…/versions/{version}/files/{...path}`: one file of a version by its path. A route's catch-all
 * gives the segments (joined with `/`); code calling the domain directly may pass the path itself.
 */
export const ZVersionFileRouteParams = ZVersionRouteParams.extend({
  path: z
    .union([
      z.string(),
      z
        .array(z.string())
        .min(1)
        .max(256)
        .transform((segments) => segments.join("/")),
    ])
    .pipe(ZUploadPath),
});
export type TVersionFileRouteParams = z.input<typeof ZVersionFileRouteParams>;

export const fileStatuses = ["UPLOADING", "VERIFYING", "READY", "FAILED"] as const;
export const ZFileStatus = z.enum(fileStatuses);

/** A file's state after an upload completes or a verification is queued. */
export const ZFileState = z.object({ id: z.string(), path: z.string(), status: ZFileStatus });

/** DELETE …/versions/{version}/files/{path}: what was removed, and whether its stored object went too. */
export const ZRemovedVersionFile = z.object({
  removed: z.object({ path: z.string(), size: z.number().int(), sha256: z.string().nullable(), status: ZFileStatus }),
  /** false when another file row uses its key now, or the delete failed (logged; the object is orphaned). */
  objectDeleted: z.boolean(),
});

/** A version as the admin pages list it. */
const ZVersionRow = z.object({
  id: z.string(),
  name: z.string(),
  commitSha: z.string(),
  status: z.enum(["DRAFT", "PUBLISHED"]),
  notes: z.string(),
  createdAt: ZInstant,
  publishedAt: ZInstant.nullable(),
  isLatest: z.boolean(),
});
const ZVersionModel = { canEdit: z.boolean(), model: z.object({ slug: z.string(), title: z.string() }) };

/** GET …/versions: the model's versions, newest first, with their file counts (all, READY). */
export const ZVersionList = z.object({
  ...ZVersionModel,
  versions: z.array(ZVersionRow.extend({ fileCount: z.number().int(), readyCount: z.number().int() })),
});

/** GET …/versions/{version}: the version with every file and its status (failures with their reason). */
export const ZVersionDetail = z.object({
  ...ZVersionModel,
  version: ZVersionRow.extend({
    files: z.array(
      z.object({
        id: z.string(),
        path: z.string(),
        size: z.number().int(),
        sha256: z.string().nullable(),
        declaredSha256: z.string().nullable(),
        contentType: z.string(),
        status: ZFileStatus,
        failureReason: z.string().nullable(),
        updatedAt: ZInstant,
      }),
    ),
    isReadyToPublish: z.boolean(),
  }),
});
export type TVersionDetail = z.infer<typeof ZVersionDetail>;
