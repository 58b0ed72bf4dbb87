"use client";
import { MantineProvider, createTheme } from "@mantine/core";
import type { ReactNode } from "react";

const theme = createTheme({ primaryColor: "indigo", defaultRadius: "md" });

export const Providers = ({ children }: { children: ReactNode }) => (
  <MantineProvider theme={theme} defaultColorScheme="light">
    {children}
  </MantineProvider>
);
