// A local webhook receiver for tests: records every request and answers with the scripted statuses.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: string; path: string };

export const startTestReceiver = async (statuses: number[] = [200], { hang = false }: { hang?: boolean } = {}) => {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), path: req.url ?? "/" });
      if (hang) return;
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      if (status >= 300 && status < 400) res.setHeader("location", "/elsewhere");
      res.writeHead(status, { "content-type": "text/plain" }).end(`status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
};
