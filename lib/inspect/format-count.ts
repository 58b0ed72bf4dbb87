const units = ["", "K", "M", "B", "T"] as const;

/** A parameter count as people quote it: 545597 → "546 K", 1234567 → "1.2 M", 7.24e9 → "7.2 B". */
export const formatCount = (n: number) => {
  let unit = 0;
  let value = n;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return String(n);
  // One decimal below 10 (1.2 M), none above (546 K); 999.6 K rounds up into the next unit.
  let text = value < 9.95 ? value.toFixed(1) : Math.round(value).toString();
  if (text === "1000" && unit < units.length - 1) {
    unit += 1;
    text = "1.0";
  }
  return `${text} ${units[unit]}`;
};
