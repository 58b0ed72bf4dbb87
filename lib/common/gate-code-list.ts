// No imports: the CLI (run from any directory, without path aliases) reads this list too.

/** The gate's vocabulary: every channel (pages, API, downloads, Hub API, CLI, playground) speaks it. */
export const gateCodes = [
  "SIGN_IN_REQUIRED",
  "PROFILE_INCOMPLETE",
  "REQUEST_REQUIRED",
  "REQUEST_PENDING",
  "REQUEST_REJECTED",
  "GRANT_EXPIRED",
  "GRANT_REVOKED",
  "LICENSE_NOT_ACCEPTED",
  "GEO_BLOCKED",
  "FILE_NOT_READY",
  "RATE_LIMITED",
  "QUOTA_EXCEEDED",
] as const;
export type GateCode = (typeof gateCodes)[number];

/** Codes about the file or the pace, not about the caller's access to the model. */
export const downloadTimeCodes: readonly GateCode[] = ["FILE_NOT_READY", "RATE_LIMITED", "QUOTA_EXCEEDED"];
/** The refusals that say "you have no access (yet)": the Hub's GatedRepo. */
export const accessCodes = gateCodes.filter((c) => !downloadTimeCodes.includes(c));
