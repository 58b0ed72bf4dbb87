import { z } from "zod";
import { ZModelRouteParams } from "./catalog";
import { ZFilePath, ZRevision } from "./downloads";

/** Query booleans as the Hub's clients send them: `true`/`false` (JS), `True`/`False` (Python), `1`/`0`. */
export const ZHubFlag = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || typeof v === "boolean") return v ?? false;
    const s = v.trim().toLowerCase();
    if (s === "" || s === "false" || s === "0") return false;
    if (s === "true" || s === "1") return true;
    ctx.addIssue({ code: "custom", message: "true or false" });
    return z.NEVER;
  });

/** A path inside a revision as the Hub's clients write it: no leading or trailing slash, no `..`. */
export const ZHubPath = z
  .string()
  .max(1024)
  .transform((p) => p.replace(/^\/+|\/+$/g, ""))
  .pipe(z.string().regex(/^(?!.*(^|\/)\.\.?(\/|$))[^\u0000-\u001f\u007f]*$/, "a path inside the repository"));

/** `{org}/{name}` plus a revision: `HEAD` (what @huggingface/hub's modelInfo sends) means `main`. */
export const ZHubRevisionParams = ZModelRouteParams.extend({
  rev: ZRevision.transform((r) => (r === "HEAD" ? "main" : r)),
});
export type THubRevisionParams = z.input<typeof ZHubRevisionParams>;

/** `GET /api/models/{org}/{name}[/revision/{rev}]?blobs=&expand=` */
export const ZHubModelInfoQuery = z.object({
  blobs: ZHubFlag,
  /** The Hub returns only `_id`, `id` and the expanded keys when `expand` is given. */
  expand: z.array(z.string().max(64)).max(50).default([]),
});
export type THubModelInfoQuery = z.input<typeof ZHubModelInfoQuery>;

/** `blobs` and `expand` as the Hub's clients send them (`expand=a&expand=b`, or `expand[]=a`). */
export const hubModelInfoQuery = (sp: URLSearchParams): THubModelInfoQuery => ({
  blobs: sp.get("blobs") ?? undefined,
  expand: [...sp.getAll("expand"), ...sp.getAll("expand[]")].flatMap((v) => v.split(",")).filter(Boolean),
});

/** `GET /api/models/{org}/{name}/tree/{rev}[/{path}]?recursive=&expand=&cursor=&limit=` */
export const ZHubTreeQuery = z.object({
  path: ZHubPath.default(""),
  recursive: ZHubFlag,
  expand: ZHubFlag,
  cursor: z
    .string()
    .max(2048)
    .regex(/^[A-Za-z0-9_-]*$/, "a cursor from a Link header")
    .optional(),
  /** The Hub pages by 1,000 entries; a smaller page is for clients (and tests) that want one. */
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});
export type THubTreeQuery = z.input<typeof ZHubTreeQuery>;

/** `POST /api/models/{org}/{name}/paths-info/{rev}` with `{ paths, expand }` (JSON or form). */
export const ZHubPathsInfoInput = z.object({
  paths: z.array(ZHubPath).min(1).max(1000),
  expand: ZHubFlag,
});
export type THubPathsInfoInput = z.input<typeof ZHubPathsInfoInput>;

/** `/{org}/{name}/resolve/{rev}/{path}` */
export const ZHubResolveParams = ZHubRevisionParams.extend({ path: ZFilePath });

const ZLastCommit = z.object({ id: z.string(), title: z.string(), date: z.string() });

/** A tree / paths-info entry in the Hub's shape; every stored file is an LFS file there. */
export const ZHubTreeEntry = z.union([
  z.object({
    type: z.literal("file"),
    oid: z.string(),
    size: z.number().int().nonnegative(),
    path: z.string(),
    lfs: z.object({
      oid: z.string().length(64),
      size: z.number().int().nonnegative(),
      pointerSize: z.number().int().positive(),
    }),
    lastCommit: ZLastCommit.optional(),
  }),
  z.object({
    type: z.literal("directory"),
    oid: z.string(),
    size: z.literal(0),
    path: z.string(),
    lastCommit: ZLastCommit.optional(),
  }),
]);
export type THubTreeEntry = z.infer<typeof ZHubTreeEntry>;

export const ZHubSibling = z.object({
  rfilename: z.string(),
  size: z.number().int().nonnegative().optional(),
  blobId: z.string().optional(),
  lfs: z
    .object({
      sha256: z.string().length(64),
      size: z.number().int().nonnegative(),
      pointerSize: z.number().int().positive(),
    })
    .optional(),
});

/** The model info fields we serve (a subset of the Hub's). */
export const ZHubModelInfo = z.object({
  _id: z.string(),
  id: z.string(),
  modelId: z.string(),
  author: z.string(),
  sha: z.string().length(40),
  lastModified: z.string(),
  createdAt: z.string(),
  private: z.boolean(),
  disabled: z.boolean(),
  gated: z.union([z.literal(false), z.literal("auto"), z.literal("manual")]),
  pipeline_tag: z.string(),
  tags: z.array(z.string()),
  downloads: z.number().int().nonnegative(),
  likes: z.number().int().nonnegative(),
  siblings: z.array(ZHubSibling),
});
export type THubModelInfo = z.infer<typeof ZHubModelInfo>;
