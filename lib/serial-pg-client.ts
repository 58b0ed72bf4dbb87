import pg from "pg";

/**
 * A pg Client that sends its promise-style queries one after another. Prisma's query plans run
 * independent steps of one transaction concurrently on its single connection; pg queues them itself
 * but warns that it will stop doing so (a DeprecationWarning in every log). Queuing here keeps the
 * order they were issued in and the warning away. Callback and submittable (cursor) calls pass through.
 */
export class SerialPgClient extends pg.Client {
  #tail: Promise<unknown> = Promise.resolve();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloads, passed through as they are
  override query(...args: any[]): any {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === "function" || typeof first?.submit === "function")
      return (super.query as (...a: unknown[]) => unknown)(...args);
    const run = () => (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
    const result = this.#tail.then(run, run);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
