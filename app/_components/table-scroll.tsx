import { TableScrollContainer } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A wide table scrolls sideways inside its own bordered box on a narrow screen instead of widening
 * the page. The box takes focus (tabIndex) so a keyboard can scroll it too, and is named for that.
 */
export const TableScroll = ({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  label: string;
  children: ReactNode;
}) => (
  <TableScrollContainer
    minWidth={minWidth}
    type="native"
    role="region"
    aria-label={label}
    tabIndex={0}
    style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: "var(--mantine-radius-md)" }}
  >
    {children}
  </TableScrollContainer>
);
