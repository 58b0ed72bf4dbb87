/** Milliseconds in a day: grants, cooldowns, tokens and filters count whole days of 24 hours. */
export const DAY_MS = 86_400_000;

/** The instant `days` whole days after `from` (before it, for a negative count). */
export const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);
