"use client";
import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import type { ReactNode } from "react";

// Contrast AA (4.5:1 on white and on the light tints we draw text on): Mantine's default shade 6
// of indigo is 4.3:1 and its dimmed grey (gray.6) 3.3:1, so links, filled buttons and secondary
// text use darker shades.
const theme = createTheme({ primaryColor: "indigo", primaryShade: { light: 8, dark: 8 }, defaultRadius: "md" });

const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" },
  dark: {},
});

export const Providers = ({ children }: { children: ReactNode }) => (
  <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
    {children}
  </MantineProvider>
);
