// npm run start:web: the web app, once the environment and the database are checked. A small HTTP
// server around Next's request handler, so this process owns its shutdown (see drain-server.ts).
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { z } from "zod";
import { stampSocketAddress } from "@/lib/http/client-address";
import { startDraining } from "@/lib/http/draining";
import { serveWatchingOutages } from "@/lib/http/request-outage";
import { drainServer } from "./drain-server";
import { checkDatabaseReady, checkEnvironment } from "./preflight";

const root = path.resolve(import.meta.dirname, "../..");
const env = await checkEnvironment();
const listen = z
  .object({ PORT: z.coerce.number().int().min(1).max(65535).default(3000), HOST: z.string().min(1).default("0.0.0.0") })
  .safeParse({ PORT: process.env.PORT || undefined, HOST: process.env.HOST || undefined });
if (!listen.success) {
  console.error(`Not started: PORT must be a port number (1-65535), not "${process.env.PORT}".`);
  process.exit(1);
}
// --dev (npm run dev): Next compiles pages on request and reloads them on edit; no build needed.
const dev = process.argv.includes("--dev");
if (!dev && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("Not started: there is no production build. Run `npm run build` first.");
  process.exit(1);
}
await checkDatabaseReady(env.DATABASE_URL, env.DB_CONNECT_TIMEOUT_MS);

const { PORT: port, HOST: host } = listen.data;
const app = next({ dev, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

let draining = false;
const server = http.createServer((req, res) => {
  // While draining, every answer closes its connection: a kept-alive client reconnects elsewhere.
  if (draining) res.setHeader("Connection", "close");
  // Routes cannot see the socket: its address rides in a header only this server sets (client-address.ts).
  stampSocketAddress(req);
  // A page the database failed answers 503 with Retry-After, not Next's 500 (request-outage.ts).
  void serveWatchingOutages(req, res, () => handle(req, res));
});
// Longer than a load balancer's idle timeout would be a race; nginx's default keepalive_timeout is 60 s.
server.keepAliveTimeout = 65_000;
// next dev's hot reload talks over a WebSocket: hand upgrades to Next.
if (dev) server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, host, () => console.log(JSON.stringify({ level: 30, service: "web", msg: "web ready", port })));

const shutdown = (signal: string) => {
  if (draining) return;
  draining = true;
  startDraining();
  console.log(JSON.stringify({ level: 30, service: "web", msg: "web draining", signal }));
  void drainServer(server, env.SHUTDOWN_GRACE_SECONDS * 1000).then(({ forced }) => {
    console.log(JSON.stringify({ level: 30, service: "web", msg: "web stopped", forced }));
    process.exit(0);
  });
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
