import type { WorkerRequest, WorkerResponse } from "./worker-protocol";

export type OrtWorker = {
  send: (req: WorkerRequest, transfer?: Transferable[]) => void;
  /** Resolves with the first response `pick` accepts; rejects on the worker's error. */
  next: <T extends WorkerResponse>(pick: (r: WorkerResponse) => r is T) => Promise<T>;
  onMessage: (fn: (r: WorkerResponse) => void) => () => void;
  terminate: () => void;
};

/** Starts the playground's module worker (bundled by Next from lib/playground/ort-worker.ts). */
export const createOrtWorker = (): OrtWorker => {
  const worker = new Worker(new URL("./ort-worker.ts", import.meta.url), { type: "module", name: "ort-playground" });
  const listeners = new Set<(r: WorkerResponse) => void>();
  worker.onmessage = (e: MessageEvent<WorkerResponse>) => listeners.forEach((l) => l(e.data));
  worker.onerror = (e) =>
    listeners.forEach((l) => l({ type: "error", message: e.message || "The playground worker failed to start." }));
  const onMessage = (fn: (r: WorkerResponse) => void) => {
    listeners.add(fn);
    return () => void listeners.delete(fn);
  };
  return {
    send: (req, transfer = []) => worker.postMessage(req, transfer),
    next: (pick) =>
      new Promise((resolve, reject) => {
        const off = onMessage((r) => {
          if (pick(r)) {
            off();
            resolve(r);
          } else if (r.type === "error") {
            off();
            reject(new Error(r.message));
          }
        });
      }),
    onMessage,
    terminate: () => worker.terminate(),
  };
};
