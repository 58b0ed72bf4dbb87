import { z } from "zod";
import { hasControlCharacters } from "./text";

export const ZSignInInput = z.object({
  email: z.email("Enter your e-mail address, such as you@university.edu.").trim().toLowerCase().max(254),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

const PROBE_ORIGIN = "https://origin.invalid";

/**
 * Only a same-origin path may be a post-sign-in destination (no open redirect): it must start
 * with one `/` (not `//` or `/\\`), hold no control characters (browsers drop tabs and newlines,
 * so `/%09/evil.example` would become `//evil.example`), and still resolve to this origin.
 */
export const safeCallbackPath = (value: string | string[] | undefined) => {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\") || hasControlCharacters(v)) return "/";
  try {
    const url = new URL(v, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith("//")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
};
