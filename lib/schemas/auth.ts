import { z } from "zod";

export const ZSignInInput = z.object({
  email: z.email("Enter a valid e-mail address").trim().toLowerCase().max(254),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/** Only same-site paths may be used as a post-sign-in destination (no open redirect). */
export const safeCallbackPath = (value: string | string[] | undefined) => {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
};
