"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { TUpdateModelInput } from "@/lib/schemas/model-admin";
import { fieldErrors, saveSettings, savedText, type Status } from "./save-settings";

/**
 * The save of one settings section (a react-hook-form form): PATCHes its part of the model, puts the
 * refused fields on its inputs (API names mapped by `rename`), says under the form what happened
 * (`what`: "the rules"), and refreshes the page after a save.
 */
export const useSaveSection = <T extends FieldValues>(
  slug: string,
  what: string,
  setError: UseFormSetError<T>,
  rename?: (key: string) => string | null,
) => {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const save = async (body: TUpdateModelInput) => {
    setStatus(null);
    const result = await saveSettings(slug, body);
    if (!result.ok) {
      for (const [name, message] of fieldErrors(result.error, rename)) setError(name as Path<T>, { message });
      return setStatus({ ok: false, text: result.error.message });
    }
    setStatus({ ok: true, text: savedText(result.data, what) });
    router.refresh();
  };
  return { status, save };
};
