// The closing line of a bench per goal, in one form a reader (and a script) can find:
// `goal <name>: <value> (target <op> <number>) met` or `… NOT met`. A value that could not be
// measured (NaN) reads "n/a" and is NOT met.
export type GoalOp = "<=" | ">=" | "<" | ">";

const holds = (value: number, op: GoalOp, target: number) =>
  op === "<=" ? value <= target : op === ">=" ? value >= target : op === "<" ? value < target : value > target;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export const goalLine = (name: string, value: number, op: GoalOp, target: number, unit = "x") => {
  const ok = Number.isFinite(value) && holds(value, op, target);
  const shown = Number.isFinite(value) ? `${fmt(value)}${unit === "x" ? "x" : ` ${unit}`}` : "n/a";
  return `goal ${name}: ${shown} (target ${op} ${target}) ${ok ? "met" : "NOT met"}`;
};
