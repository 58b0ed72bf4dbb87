import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "./print.css";
import "./badges.css";
import "./a11y.css";
import { ColorSchemeScript, mantineHtmlProps } from "@mantine/core";
import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Weights Registry", template: "%s · Weights Registry" },
  description: "Gated model weights with licensing controls",
};

// Async: the per-request CSP nonce (set by proxy.ts) goes on Mantine's inline color-scheme script.
const RootLayout = async ({ children }: { children: ReactNode }) => (
  <html lang="en" {...mantineHtmlProps}>
    <head>
      <ColorSchemeScript defaultColorScheme="light" nonce={(await headers()).get("x-nonce") ?? undefined} />
    </head>
    <body>
      <Providers>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="content" tabIndex={-1} style={{ maxWidth: 1100, margin: "0 auto", padding: "24px 16px 64px" }}>
          {children}
        </main>
      </Providers>
    </body>
  </html>
);

export default RootLayout;
