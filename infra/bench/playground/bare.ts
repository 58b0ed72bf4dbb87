// The bare page's server for bench:playground: cross-origin isolated like the playground page (COOP
// same-origin, COEP require-corp on every response, so ORT gets the same number of WASM threads),
// serving the very files the app serves under /ort/<version>/ (public/ort) and the model bytes the
// registry handed the bench through a playground session; and a minimal worker for the diagnostic figure.
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ORT_BASE_PATH } from "@/lib/playground/ort-assets";
import { bareHtml, bareWorkerJs } from "./browser";

const TYPES: Record<string, string> = {
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
};

export type BareServer = {
  url: string;
  addModel: (key: string, bytes: Uint8Array) => string;
  close: () => Promise<void>;
};

export const startBareServer = async (root: string): Promise<BareServer> => {
  const models = new Map<string, Uint8Array>();
  const ortDir = path.join(root, "public", ORT_BASE_PATH);
  const server = http.createServer((req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
    };
    const send = (status: number, body: string | Uint8Array, type: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        ...headers,
        "Content-Type": type,
        "Content-Length": String(Buffer.byteLength(body)),
        ...extra,
      });
      res.end(body);
    };
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/")
      return send(200, bareHtml(ORT_BASE_PATH), "text/html; charset=utf-8", { "Cache-Control": "no-store" });
    if (url.pathname === "/bare-worker.mjs")
      return send(200, bareWorkerJs(ORT_BASE_PATH), "text/javascript", { "Cache-Control": "no-store" });
    if (url.pathname.startsWith("/model/")) {
      const bytes = models.get(decodeURIComponent(url.pathname.slice("/model/".length)));
      return bytes
        ? send(200, bytes, "application/octet-stream", { "Cache-Control": "no-store" })
        : send(404, "no such model", "text/plain");
    }
    if (url.pathname.startsWith(ORT_BASE_PATH)) {
      // Only plain file names of the ORT directory: no path walking out of it.
      const name = url.pathname.slice(ORT_BASE_PATH.length);
      if (!/^[\w.-]+$/.test(name)) return send(404, "not found", "text/plain");
      readFile(path.join(ortDir, name)).then(
        (bytes) =>
          send(200, bytes, TYPES[path.extname(name)] ?? "application/octet-stream", {
            "Cache-Control": "public, max-age=31536000, immutable",
          }),
        () => send(404, "not found", "text/plain"),
      );
      return;
    }
    send(404, "not found", "text/plain");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    addModel: (key, bytes) => {
      models.set(key, bytes);
      return `/model/${encodeURIComponent(key)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
