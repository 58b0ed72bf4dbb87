import { z } from "zod";
import { isCountryCode } from "@/lib/countries";
import { fieldInSentence, requiredMessage, tooLongMessage } from "./field-messages";

export const fieldTypes = ["text", "textarea", "select", "multiselect", "checkbox", "country", "date", "url"] as const;

/** One extra question a model asks applicants. */
export const ZFormField = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "lower-case letters, digits and _"),
    type: z.enum(fieldTypes),
    label: z.string().trim().min(1).max(200),
    help: z.string().max(500).optional(),
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    options: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  })
  .refine((f) => !["select", "multiselect"].includes(f.type) || (f.options?.length ?? 0) > 0, {
    message: "select fields need options",
    path: ["options"],
  });
export type TFormField = z.output<typeof ZFormField>;

export const ZFormDefinition = z
  .array(ZFormField)
  .max(50)
  .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, "field names must be unique");
export type TFormDefinition = z.output<typeof ZFormDefinition>;

const DEFAULT_MAX = { text: 200, textarea: 5000, url: 500 } as const;

/** The length limit of a text-like answer: the field's own, or the type's default (also the input's maxLength). */
export const maxLengthOfField = (f: Pick<TFormField, "type" | "maxLength">): number | undefined =>
  f.type === "text" || f.type === "textarea" || f.type === "url" ? (f.maxLength ?? DEFAULT_MAX[f.type]) : undefined;

const fieldSchema = (f: TFormField): z.ZodType => {
  const named = fieldInSentence(f.label);
  switch (f.type) {
    case "text":
    case "textarea": {
      const max = f.maxLength ?? DEFAULT_MAX[f.type];
      const s = z
        .string({ error: `Answer ${named} with text.` })
        .trim()
        .max(max, tooLongMessage(f.label, max));
      return f.required ? s.min(1, requiredMessage(f.label)) : s.optional();
    }
    case "url": {
      const max = f.maxLength ?? DEFAULT_MAX.url;
      const s = z
        .string({ error: requiredMessage(f.label) })
        .trim()
        .max(max, tooLongMessage(f.label, max))
        .regex(/^https?:\/\/\S+\.\S+$/i, `Enter a full http(s) URL for ${named}.`);
      return f.required ? s : s.or(z.literal("")).optional();
    }
    case "select": {
      const s = z.enum(f.options as [string, ...string[]], { error: requiredMessage(f.label, "choose") });
      return f.required ? s : s.or(z.literal("")).optional();
    }
    case "multiselect": {
      const s = z.array(
        z.enum(f.options as [string, ...string[]], { error: `Choose only offered options for ${named}.` }),
        { error: requiredMessage(f.label, "choose") },
      );
      return f.required ? s.min(1, requiredMessage(f.label, "choose")) : s.optional();
    }
    case "checkbox": {
      const s = z.boolean({ error: requiredMessage(f.label, "tick") });
      return f.required ? s.refine((v) => v, requiredMessage(f.label, "tick")) : s.optional();
    }
    case "country": {
      const s = z
        .string({ error: requiredMessage(f.label, "choose") })
        .refine(isCountryCode, `Choose a country from the list for ${named}.`);
      return f.required ? s : s.or(z.literal("")).optional();
    }
    case "date": {
      const s = z.iso.date({ error: `Enter ${named} as a date, YYYY-MM-DD.` });
      return f.required ? s : s.or(z.literal("")).optional();
    }
  }
};

/**
 * The zod schema for a model's answers, built from its form definition; the same function runs
 * in the browser (react-hook-form) and on the server. Unknown fields are refused.
 */
export const buildAnswersSchema = (definition: TFormDefinition) =>
  z.strictObject(Object.fromEntries(definition.map((f) => [f.name, fieldSchema(f)])), {
    error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field(s): ${issue.keys.join(", ")}` : undefined),
  });

/** Parses a stored definition (database JSON), failing loudly on a corrupt one. */
export const parseFormDefinition = (json: unknown) => ZFormDefinition.parse(json);
