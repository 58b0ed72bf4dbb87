import { copyOrt } from "./infra/build/copy-ort.mjs";
import { copyScalar } from "./infra/build/copy-scalar.mjs";

// The playground's onnxruntime-web files, served from public/ort/<version>/ (build, start and dev all load this file).
copyOrt();
// The API reference page's bundle (/docs/api), served from public/scalar/.
copyScalar();

// Cross-origin isolation lets onnxruntime-web use WASM threads. Only the playground page opts in
// (COOP would cut the OAuth/sign-in popups and other windows elsewhere off); scripts, workers and
// ORT's own files carry COEP too, because a dedicated worker of an isolated page must.
const coep = { key: "Cross-Origin-Embedder-Policy", value: "credentialless" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container image (infra/docker/Dockerfile) builds with NEXT_OUTPUT=standalone: a self-contained
  // server.js with only the modules it traces. `npm start` and the tests keep the normal build and
  // `next start`, which warns under standalone output.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Packages that open sockets or read files relative to themselves run as plain Node modules.
  serverExternalPackages: [
    "pg",
    "pg-boss",
    "pino",
    "pino-pretty",
    "@prisma/adapter-pg",
    "nodemailer",
    "@aws-sdk/client-s3",
  ],
  poweredByHeader: false,
  // The whole project (app, tests, scripts) is type-checked by `npm run typecheck`, which
  // `npm test` runs first; the build does not repeat it (and a test file cannot break a build).
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    // Next keeps a copy of each request body for proxy.ts and silently cuts it at this size, dropping
    // the chunk that crosses it. At twice the JSON cap a cut body is still over the cap (chunks are at
    // most 64 KiB), so the route answers 413 (lib/http/read-body.ts) instead of reading a truncated body.
    proxyClientMaxBodySize: 2 * (Number(process.env.MAX_JSON_BODY_BYTES) || 1024 ** 2),
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        source: "/models/:org/:name/try",
        headers: [{ key: "Cross-Origin-Opener-Policy", value: "same-origin" }, coep],
      },
      { source: "/_next/static/:path*", headers: [coep] },
      { source: "/scalar/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=3600" }] },
      {
        source: "/ort/:path*",
        headers: [coep, { key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
};

export default nextConfig;
