import type { Child } from "./child";

export type Supervisor = { stop: () => Promise<void> };

/**
 * Keeps one part of the all-in-one stack running: when it exits without being asked to, it is started
 * again after a backoff (1 s, 2 s, 4 s … 30 s; back to 1 s once it has stayed up for a minute), and the
 * restart is logged. `start` rejecting `maxFailedStarts` times in a row is given up on: `onGiveUp` gets
 * the reason (the stack then exits non-zero so an outer supervisor can act).
 */
export const supervise = ({
  name,
  first,
  start,
  log,
  onGiveUp,
  maxFailedStarts = 5,
}: {
  name: string;
  first: Child;
  start: () => Promise<Child>;
  log: (line: string) => void;
  onGiveUp: (reason: string) => void;
  maxFailedStarts?: number;
}): Supervisor => {
  let current: Child | null = first;
  let stopping = false;
  let failures = 0;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const watch = (child: Child) =>
    void child.exited.then((code) => {
      if (stopping) return;
      current = null;
      if (Date.now() - startedAt > 60_000) failures = 0;
      scheduleRestart(`${name} exited unexpectedly (${child.process.signalCode ?? `code ${code}`})`);
    });

  const scheduleRestart = (why: string) => {
    failures += 1;
    if (failures > maxFailedStarts) return onGiveUp(`${why}; gave up after ${maxFailedStarts} restarts`);
    const delay = Math.min(30_000, 1000 * 2 ** (failures - 1));
    log(`${why}; restarting it in ${delay / 1000} s (restart ${failures})`);
    timer = setTimeout(() => {
      if (stopping) return;
      startedAt = Date.now();
      start().then(
        (child) => {
          if (stopping) return void child.stop();
          current = child;
          log(`${name} restarted`);
          watch(child);
        },
        (e: unknown) => scheduleRestart(`${name} did not start again: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, delay);
  };

  watch(first);
  return {
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await current?.stop();
    },
  };
};
