"use client";
import { useState } from "react";
import type { z } from "zod";
import type { ApiError } from "@/lib/client/call-api";
import { fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from "@/lib/client/form-errors";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

type Answer<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/**
 * The submit of a plain (uncontrolled) form: the server's schema checks the body first, so a mistake
 * is named without a round trip; then `send` calls the API. A refusal either way sets the field errors
 * (and the server's message) and moves focus to the first invalid input. `submit` answers the data,
 * or null when refused.
 */
export const useCheckedSubmit = () => {
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const { formRef, focusInvalid } = useFocusFirstInvalid();

  const submit = async <T>(schema: z.ZodType, body: unknown, send: () => Promise<Answer<T>>): Promise<T | null> => {
    setError(null);
    const checked = schema.safeParse(body);
    if (!checked.success) {
      setFields(fieldErrorsFromIssues(checked.error.issues));
      focusInvalid();
      return null;
    }
    setBusy(true);
    setFields({});
    const result = await send();
    setBusy(false);
    if (!result.ok) {
      setFields(fieldErrorsFromApi(result.error.fields));
      setError(result.error.message);
      focusInvalid();
      return null;
    }
    return result.data;
  };

  return { busy, fields, error, formRef, submit };
};
