import { z } from "zod";
import { ZModelRouteParams } from "./catalog";
import { ZRevision } from "./downloads";

/** `GET /api/v1/models/{org}/{name}/revisions/{revision}/files` */
export const ZListRevisionFilesInput = ZModelRouteParams.extend({ revision: ZRevision });
export type TListRevisionFilesInput = z.input<typeof ZListRevisionFilesInput>;

/** A revision's files as anyone who may see the model reads them: no URLs (listing is not downloading). */
export const ZRevisionFiles = z.object({
  model: z.object({ slug: z.string() }),
  revision: z.object({ name: z.string(), commitSha: z.string() }),
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string().length(64).nullable(),
      status: z.enum(["UPLOADING", "VERIFYING", "READY", "FAILED"]),
    }),
  ),
});
export type TRevisionFiles = z.infer<typeof ZRevisionFiles>;
