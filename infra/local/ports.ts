import getPort from "get-port";
import net from "node:net";
import { StackError } from "./stack-error";

/** Fails with a clear message when `port` is taken, instead of a stack trace later on. */
export const assertPortFree = (port: number, what: string, envName: string) =>
  new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () =>
      reject(
        new StackError(
          `Port ${port} (${what}) is already in use. Stop whatever uses it, or set ${envName} to a free port.`,
        ),
      ),
    );
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve()));
  });

/** A port the OS says is free right now (tests run whole stacks side by side on these). */
export const findFreePort = () => getPort({ host: "127.0.0.1" });

/** Waits until `url` answers at all (any status), or fails after `timeoutMs`. */
export const waitForHttp = async (url: string, timeoutMs: number, isDead: () => boolean = () => false) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) throw new StackError(`The process serving ${url} exited during start-up (see its output above).`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new StackError(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
};
