/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages that open sockets or read files relative to themselves run as plain Node modules.
  serverExternalPackages: ["pg", "pg-boss", "pino", "@prisma/adapter-pg", "nodemailer", "@aws-sdk/client-s3"],
  poweredByHeader: false,
  typedRoutes: false,
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
    ];
  },
};

export default nextConfig;
