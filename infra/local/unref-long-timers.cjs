// Preloaded into the Prisma CLI only (prisma/prisma-cli.ts, infra/local/stack.ts). After
// `migrate deploy` finishes, the CLI keeps an idle 10-second timer that holds the process open;
// long timers are unref'd so the process exits as soon as its real work (sockets, I/O) is done.
const original = globalThis.setTimeout;
globalThis.setTimeout = function (fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
