"use client";
import { ActionIcon, Button, CopyButton, Tooltip } from "@mantine/core";

/**
 * Copies `value` to the clipboard. `compact` is a small symbol-only button (its name is in
 * `label`, for screen readers), so it adds no text to a table cell.
 */
export const CopyValueButton = ({
  value,
  label,
  compact = false,
}: {
  value: string;
  label: string;
  compact?: boolean;
}) => (
  <CopyButton value={value}>
    {({ copied, copy }) =>
      compact ? (
        <Tooltip label={copied ? "Copied" : label} withArrow>
          <ActionIcon variant="subtle" size="sm" aria-label={label} onClick={copy} color={copied ? "teal" : "gray"}>
            {/* Drawn, not a character: the button adds no text to the cell it sits in. */}
            <svg
              aria-hidden="true"
              width="14"
              height="14"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              {copied ? <path d="M5 12l5 5L20 7" /> : <path d="M9 9h11v11H9zM5 15H4V4h11v1" />}
            </svg>
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button size="xs" variant="light" color={copied ? "teal" : undefined} onClick={copy}>
          {copied ? "Copied" : label}
        </Button>
      )
    }
  </CopyButton>
);
