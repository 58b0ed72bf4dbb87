/** The named fields of `obj`, typed: a form's initial values taken from a larger record. */
export const pick = <T extends object, K extends keyof T>(obj: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, obj[k]])) as Pick<T, K>;
