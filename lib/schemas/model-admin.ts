import { z } from "zod";
import { ZFormDefinition } from "./access-form";
import { ZModelRouteParams } from "./catalog";
import { reservedOrgs } from "./model-slug";
import { ZInstant } from "./instant";
import { ZModelRules } from "./rules";
import { tooLongMessage } from "./field-messages";

const reserved = new Set<string>(reservedOrgs);

// Lower-cased before the check: the database stores slugs in lower case (CHECK Model_slug_format).
const slugPart = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a name.")
  .max(96, "Use at most 96 characters.")
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "Use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.",
  );

export const gatingModes = ["OPEN", "AUTO", "MANUAL"] as const;
export const visibilities = ["PUBLIC", "PRIVATE"] as const;

/** Every setting an admin may edit, one schema per field (the create and update inputs pick from these). */
const fields = {
  title: z.string().trim().min(1, "Enter a title.").max(200, tooLongMessage("Title", 200)),
  summary: z.string().trim().max(500, tooLongMessage("Summary", 500)),
  task: z
    .string()
    .trim()
    .min(1, "Enter a task such as text-generation.")
    .max(64, tooLongMessage("Task", 64))
    .regex(/^[a-z0-9-]+$/, "Enter the task as an id such as text-generation: lower-case letters, digits and '-'."),
  gating: z.enum(gatingModes),
  visibility: z.enum(visibilities),
  /** Default length of a grant; null: grants do not expire. */
  grantDurationDays: z
    .number({ error: "Enter a number of days." })
    .int()
    .min(1, "Enter at least 1 day.")
    .max(3650, "Enter at most 3,650 days.")
    .nullable(),
  requestCooldownDays: z
    .number({ error: "Enter a number of days." })
    .int()
    .min(0, "Enter 0 or more days.")
    .max(365, "Enter at most 365 days."),
  playgroundEnabled: z.boolean(),
  /** Default download quota of each grant (a reviewer may set a grant's own); null: unlimited. */
  downloadQuotaFiles: z
    .number({ error: "Enter a number of downloads." })
    .int()
    .min(1, "Enter at least 1 download.")
    .max(1_000_000_000)
    .nullable(),
  downloadQuotaBytes: z
    .number({ error: "Enter a size." })
    .int()
    .min(1, "Enter a size above 0.")
    .max(Number.MAX_SAFE_INTEGER)
    .nullable(),
  cardMarkdown: z.string().max(100_000, tooLongMessage("The model card", 100_000)),
  /** Each grantee receives an individually marked copy of the weight files. */
  fingerprinting: z.boolean(),
  /** Which files to mark: a glob on the path (as the CLI's --include); null marks every weight file. */
  fingerprintPaths: z
    .string()
    .trim()
    .min(1, "Enter a glob such as *.safetensors, or leave it empty.")
    .max(200, tooLongMessage("The glob", 200))
    .refine((g) => !g.startsWith("/"), "Write the glob as a path inside the model, without a leading /.")
    .refine((g) => !g.includes("\\"), "Use / between folders in the glob, not \\.")
    .nullable(),
  formDefinition: ZFormDefinition,
  // Strict here (the stored shape is loose for forward compatibility): an admin's typo is refused, not kept.
  rules: ZModelRules.strict(),
  currentLicenseVersionId: z.string().trim().min(1, "Choose a license version.").max(64),
};

/**
 * POST /api/v1/admin/models: a new model. `license` is a license slug; the model starts on that
 * license's latest version. New models are PRIVATE unless asked otherwise, so nothing half-made
 * appears in the public catalog.
 */
export const ZCreateModelInput = z
  .strictObject({
    org: slugPart,
    name: slugPart,
    title: fields.title,
    summary: fields.summary.default(""),
    task: fields.task,
    gating: fields.gating.default("MANUAL"),
    visibility: fields.visibility.default("PRIVATE"),
    license: z.string().trim().min(1, "Choose a license.").max(64),
    grantDurationDays: fields.grantDurationDays.default(null),
    requestCooldownDays: fields.requestCooldownDays.default(14),
    playgroundEnabled: fields.playgroundEnabled.default(false),
    downloadQuotaFiles: fields.downloadQuotaFiles.default(null),
    downloadQuotaBytes: fields.downloadQuotaBytes.default(null),
    cardMarkdown: fields.cardMarkdown.default(""),
  })
  .refine((m) => !reserved.has(m.org), {
    path: ["org"],
    message: "This name is reserved by the registry; choose another organisation name.",
  });
export type TCreateModelInput = z.input<typeof ZCreateModelInput>;
export type TCreateModelOutput = z.output<typeof ZCreateModelInput>;

/** PATCH /api/v1/admin/models/{org}/{name}: any subset of the settings (the slug never changes: URLs and clients depend on it). */
export const ZUpdateModelInput = z
  .strictObject({
    title: fields.title.optional(),
    summary: fields.summary.optional(),
    task: fields.task.optional(),
    gating: fields.gating.optional(),
    visibility: fields.visibility.optional(),
    grantDurationDays: fields.grantDurationDays.optional(),
    requestCooldownDays: fields.requestCooldownDays.optional(),
    playgroundEnabled: fields.playgroundEnabled.optional(),
    downloadQuotaFiles: fields.downloadQuotaFiles.optional(),
    downloadQuotaBytes: fields.downloadQuotaBytes.optional(),
    cardMarkdown: fields.cardMarkdown.optional(),
    fingerprinting: fields.fingerprinting.optional(),
    fingerprintPaths: fields.fingerprintPaths.optional(),
    formDefinition: fields.formDefinition.optional(),
    rules: fields.rules.optional(),
    currentLicenseVersionId: fields.currentLicenseVersionId.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: "Change at least one setting." });
export type TUpdateModelInput = z.input<typeof ZUpdateModelInput>;
export type TUpdateModelOutput = z.output<typeof ZUpdateModelInput>;
export type TModelSettingKey = keyof TUpdateModelOutput;

/** The settings page's general section (every field present); saved through PATCH. */
export const ZGeneralSettingsInput = z.strictObject({
  title: fields.title,
  summary: fields.summary,
  task: fields.task,
  gating: fields.gating,
  visibility: fields.visibility,
  grantDurationDays: fields.grantDurationDays,
  requestCooldownDays: fields.requestCooldownDays,
  playgroundEnabled: fields.playgroundEnabled,
  downloadQuotaFiles: fields.downloadQuotaFiles,
  downloadQuotaBytes: fields.downloadQuotaBytes,
});
export type TGeneralSettingsInput = z.input<typeof ZGeneralSettingsInput>;

/** The settings page's fingerprinting section; an empty glob is sent as null (every weight file). */
export const ZFingerprintSettingsInput = z.strictObject({
  fingerprinting: fields.fingerprinting,
  fingerprintPaths: z
    .string()
    .trim()
    .transform((g) => g || null)
    .pipe(fields.fingerprintPaths),
});
export type TFingerprintSettingsInput = z.input<typeof ZFingerprintSettingsInput>;
export type TFingerprintSettingsOutput = z.output<typeof ZFingerprintSettingsInput>;

/** The rules editor's values: the model's rules, unknown keys refused. */
export const ZRulesInput = fields.rules;
export type TRulesInput = z.input<typeof ZRulesInput>;
export type TRulesOutput = z.output<typeof ZRulesInput>;

/** The access-form editor's values: the field list under one key (react-hook-form needs an object). */
export const ZFormEditorInput = z.object({ fields: ZFormDefinition });
export type TFormEditorInput = z.input<typeof ZFormEditorInput>;

/**
 * A version's name, e.g. `v2` or `2026-01-15`. Not `main`/`HEAD` (they mean "the latest") and not
 * 40 hex characters (that reads as a commit id), so every revision string names one version.
 */
export const ZVersionName = z
  .string()
  .trim()
  .min(1, "Enter a version name such as v2.")
  .max(64, tooLongMessage("Version name", 64))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, '.', '_' and '-', starting with a letter or digit.")
  .refine(
    (n) => !["main", "head"].includes(n.toLowerCase()),
    "main and HEAD mean the latest version; choose another name.",
  )
  .refine((n) => !/^[0-9a-f]{40}$/i.test(n), "40 hex characters read as a commit id; choose another name.");

/** POST /api/v1/admin/models/{org}/{name}/versions: a new DRAFT revision. */
export const ZCreateVersionInput = z.strictObject({
  name: ZVersionName,
  notes: z.string().trim().max(5000, tooLongMessage("Release notes", 5000)).default(""),
});
export type TCreateVersionInput = z.input<typeof ZCreateVersionInput>;

/** `…/versions/{version}`: a version by name or by its 40-hex commit id. */
export const ZVersionRouteParams = ZModelRouteParams.extend({ version: z.string().trim().min(1).max(128) });
export type TVersionRouteParams = z.infer<typeof ZVersionRouteParams>;

/** PUT /api/v1/admin/models/{org}/{name}/latest: which published version `main` means. */
export const ZSetLatestVersionInput = z.strictObject({
  version: z.string().trim().min(1, "Choose a version.").max(128),
});
export type TSetLatestVersionInput = z.input<typeof ZSetLatestVersionInput>;

/** PATCH /api/v1/admin/models/{org}/{name}: which settings changed, the access form's version, who was told of a new license. */
export const ZModelUpdated = z.object({
  model: z.object({ slug: z.string() }),
  changed: z.array(z.enum(Object.keys(fields) as [TModelSettingKey, ...TModelSettingKey[]])),
  formVersion: z.number().int(),
  /** Grantees mailed about the license change (0 when the license did not change). */
  notified: z.number().int(),
});
export type TModelUpdated = z.infer<typeof ZModelUpdated>;

/** POST …/versions/{version}/publication: `changed` false when it was already published. */
export const ZPublishedVersion = z.object({
  version: z.object({
    id: z.string(),
    name: z.string(),
    commitSha: z.string(),
    // Always PUBLISHED here; typed as the column (the domain returns the updated row).
    status: z.enum(["DRAFT", "PUBLISHED"]),
    publishedAt: ZInstant.nullable().optional(),
  }),
  changed: z.boolean(),
});

/** GET /api/v1/admin/models/{org}/{name}: every setting (`canEdit`: whether the caller may change them). */
export const ZModelSettings = z.object({
  canEdit: z.boolean(),
  model: z.object({
    id: z.string(),
    slug: z.string(),
    org: z.string(),
    name: z.string(),
    title: z.string(),
    summary: z.string(),
    task: z.string(),
    gating: z.enum(gatingModes),
    visibility: z.enum(visibilities),
    cardMarkdown: z.string(),
    formVersion: z.number().int(),
    playgroundEnabled: z.boolean(),
    grantDurationDays: z.number().int().nullable(),
    requestCooldownDays: z.number().int(),
    downloadQuotaFiles: z.number().int().nullable(),
    downloadQuotaBytes: z.number().int().nullable(),
    fingerprinting: z.boolean(),
    fingerprintPaths: z.string().nullable(),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    latestVersion: z
      .object({
        name: z.string(),
        commitSha: z.string(),
        publishedAt: ZInstant.nullable(),
        /** Its READY files (what fingerprinting would mark). */
        files: z.array(z.object({ path: z.string(), size: z.number().int() })),
      })
      .nullable(),
    /** Empty, with `formDefinitionInvalid`, when the stored definition no longer parses. */
    formDefinition: ZFormDefinition,
    formDefinitionInvalid: z.boolean(),
    rules: ZModelRules,
    license: z.object({
      versionId: z.string(),
      version: z.string(),
      sha256: z.string(),
      publishedAt: ZInstant,
      slug: z.string(),
      name: z.string(),
    }),
    versionCount: z.number().int(),
  }),
});
