"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { focusFirstInvalid } from "@/lib/client/form-errors";

/**
 * After a failed submit, focus moves to the first invalid input (not the button): call
 * `focusInvalid()` where the errors are set; the focus happens once they are rendered.
 */
export const useFocusFirstInvalid = () => {
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt > 0) focusFirstInvalid(formRef.current);
  }, [attempt]);
  const focusInvalid = useCallback(() => setAttempt((n) => n + 1), []);
  return { formRef, focusInvalid };
};
