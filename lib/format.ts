import { countOf, plural } from "./common/plural";

const units = ["B", "KB", "MB", "GB", "TB", "PB"];

/** 1536 → "1.5 KB" (powers of 1024, as download tools show sizes). */
export const formatBytes = (bytes: number) => {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};

/** Counts with their noun ("1 approval", "2 approvals"): one helper, in lib/common for the CLI too. */
export { countOf, plural };

export const formatDate = (d: Date | string) =>
  new Date(d).toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export const gatingLabel = { OPEN: "Open", AUTO: "Automatic approval", MANUAL: "Reviewed by hand" } as const;

/** A request's status as a badge colour, wherever requests are listed (reviewers and applicants alike). */
export const requestStatusColor = {
  PENDING: "yellow",
  APPROVED: "teal",
  REJECTED: "red",
  WITHDRAWN: "gray",
  EXPIRED: "gray",
  REVOKED: "red",
} as const;

export const gatingHelp = {
  OPEN: "Accept the license and download.",
  AUTO: "Request access: approved at once when the model's rules allow it.",
  MANUAL: "Request access: a reviewer decides.",
} as const;

/** A wait, rounded up to a unit a person reads: "40 seconds", "12 minutes", "1 hour". */
export const formatWait = (seconds: number) => {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return countOf(s, "second");
  if (s < 3600) return countOf(Math.ceil(s / 60), "minute");
  return countOf(Math.ceil(s / 3600), "hour");
};
