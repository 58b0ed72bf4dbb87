import type http from "node:http";

/**
 * Stops `server` the way a load balancer needs: no new connections, in-flight requests finish, idle
 * kept-alive connections are closed (Node keeps them open otherwise, and an orchestrator's SIGKILL
 * would reset them), and whatever is still open after `graceMs` is cut. Resolves when it is over.
 */
export const drainServer = (server: http.Server, graceMs: number) =>
  new Promise<{ forced: boolean }>((resolve) => {
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, graceMs);
    // A connection that finishes its request becomes idle; close those as they appear.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
