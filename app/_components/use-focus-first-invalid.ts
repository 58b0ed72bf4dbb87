"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { focusFirstInvalid } from "@/lib/client/form-errors";

/** How long a requested focus waits for the errors to render (they may arrive a render later). */
const WAIT_MS = 1000;

/**
 * After a failed submit, focus moves to the first invalid input (not the button): call
 * `focusInvalid()` where the errors are set; the focus happens once an input is marked invalid,
 * which may be a render after the call. (react-hook-form forms focus through their own refs.)
 */
export const useFocusFirstInvalid = () => {
  const formRef = useRef<HTMLFormElement>(null);
  const pendingSince = useRef<number | null>(null);
  const [, rerender] = useState(0);
  // No dependency list: every render checks whether a requested focus can now be given.
  useEffect(() => {
    if (pendingSince.current === null) return;
    if (focusFirstInvalid(formRef.current) || Date.now() - pendingSince.current > WAIT_MS) pendingSince.current = null;
  });
  const focusInvalid = useCallback(() => {
    pendingSince.current = Date.now();
    rerender((n) => n + 1);
  }, []);
  return { formRef, focusInvalid };
};
