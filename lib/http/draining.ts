// The web process's drain flag: set by the server (infra/roles/web.ts) on SIGTERM, read by the health
// route, which answers 503 from then on so a load balancer stops routing here. On globalThis: the
// server and Next's route bundles are separate module graphs in one process.
const KEY = Symbol.for("weights-registry.draining");
const store = globalThis as unknown as Record<symbol, boolean | undefined>;

export const isDraining = () => store[KEY] === true;
export const startDraining = () => {
  store[KEY] = true;
};
