import { api, modelRef } from "@/lib/client/api-client";
import type { ApiError } from "@/lib/client/call-api";
import type { TModelUpdated, TUpdateModelInput } from "@/lib/schemas/model-admin";

export type SaveResult = TModelUpdated;
export type Status = { ok: boolean; text: string } | null;

/** PATCHes some of a model's settings; the caller maps `error.fields` onto its inputs. */
export const saveSettings = (slug: string, body: TUpdateModelInput) =>
  api("updateModel", { params: modelRef(slug), body });

/** Field errors of the API (`formDefinition.0.label`) under the form's own names (`fields.0.label`). */
export const fieldErrors = (error: ApiError, rename: (key: string) => string | null = (k) => k) =>
  Object.entries(error.fields ?? {}).flatMap(([key, messages]) => {
    const name = rename(key);
    return name && messages[0] ? [[name, messages[0]] as const] : [];
  });

export const savedText = (result: SaveResult, what: string) =>
  result.changed.length === 0 ? `No changes to save in ${what}.` : `${what[0]?.toUpperCase()}${what.slice(1)} saved.`;
