import { z } from "zod";
import { ZVersionRouteParams } from "./model-admin";
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
