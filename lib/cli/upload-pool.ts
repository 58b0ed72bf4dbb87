// One pool of part transfers shared by every file of a push: at most `size` run at once, first
// come first served, so the next file's parts start as soon as slots free up.
export type Pool = { run: <T>(task: () => Promise<T>) => Promise<T> };

export const createPool = (size: number): Pool => {
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = () => {
    if (active < size) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A freed slot passes straight to the next waiting task (active stays the same).
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    run: async (task) => {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
};
