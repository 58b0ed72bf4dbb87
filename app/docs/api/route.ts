// GET /docs/api - the API reference, rendered in the browser by Scalar from /api/openapi.json. The
// bundle is served from our origin (public/scalar/, copied by infra/build/copy-scalar.mjs); the
// scripts carry the nonce proxy.ts put in this request's CSP.
import type { NextRequest } from "next/server";

export const dynamic = "force-dynamic";

const config = {
  url: "/api/openapi.json",
  // No fonts or proxy from Scalar's servers: the CSP allows our origin only.
  withDefaultFonts: false,
  proxyUrl: "",
  hideClientButton: true,
  telemetry: false,
  // No AI agent: it would search Scalar's hosted registry (proxy.scalar.com), which the CSP refuses anyway.
  agent: { disabled: true },
};

export const GET = (req: NextRequest) => {
  const nonce = req.headers.get("x-nonce") ?? "";
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>API reference · Weights Registry</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${nonce}" src="/scalar/api-reference.js"></script>
    <script nonce="${nonce}">Scalar.createApiReference("#app", ${JSON.stringify(config)});</script>
  </body>
</html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
};
