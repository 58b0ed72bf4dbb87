// One pool of part transfers shared by every file of a push: at most `size` run at once, first
// come first served, so the next file's parts start as soon as slots free up.
import pLimit from "p-limit";

export type Pool = { run: <T>(task: () => Promise<T>) => Promise<T> };

export const createPool = (size: number): Pool => {
  const limit = pLimit(size);
  return { run: (task) => limit(task) };
};
