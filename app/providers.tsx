"use client";
import { DEFAULT_THEME, MantineProvider, createTheme, darken, type CSSVariablesResolver } from "@mantine/core";
import type { ReactNode } from "react";

// Contrast AA (4.5:1) for text on white and on the light tints Mantine draws badges and alerts on.
// Mantine's defaults fall short: indigo.6 links 4.3:1, the dimmed gray.6 3.3:1, teal.8 3.9:1, yellow.8
// 2.5:1. Links and the primary filled buttons use indigo.8 (5.7:1), dimmed text gray.7 (8.2:1).
const theme = createTheme({ primaryColor: "indigo", primaryShade: { light: 8, dark: 8 }, defaultRadius: "md" });

/** How much darker than shade 9 a palette's text on its own light tints (shades 0–2) must be for 4.5:1. */
const darkenBy: Record<string, number> = {
  red: 0.15,
  violet: 0.1,
  indigo: 0.1,
  blue: 0.1,
  cyan: 0.1,
  teal: 0.15,
  green: 0.2,
  lime: 0.25,
  yellow: 0.3,
  orange: 0.25,
};
/** Palettes whose shade 8 carries white text at less than 4.5:1 when filled (buttons, badges). */
const paleFilled = ["teal", "green", "lime", "yellow", "orange", "cyan"];

const light: Record<string, string> = { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" };
for (const [name, amount] of Object.entries(darkenBy)) {
  const tone = darken(DEFAULT_THEME.colors[name]![9], amount);
  // Light and outline variants, and Text with c="<color>".
  light[`--mantine-color-${name}-light-color`] = tone;
  light[`--mantine-color-${name}-outline`] = tone;
  light[`--mantine-color-${name}-text`] = tone;
  if (paleFilled.includes(name)) {
    light[`--mantine-color-${name}-filled`] = tone;
    light[`--mantine-color-${name}-filled-hover`] = darken(tone, 0.1);
  }
}

const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light, dark: {} });

export const Providers = ({ children }: { children: ReactNode }) => (
  <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
    {children}
  </MantineProvider>
);
