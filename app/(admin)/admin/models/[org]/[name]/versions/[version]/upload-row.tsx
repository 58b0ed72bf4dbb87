"use client";
import { Badge, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { countOf, formatBytes } from "@/lib/format";

export type RowState = {
  key: string;
  path: string;
  size: number;
  bytesDone: number;
  speed: number | null;
  phase: "hashing" | "starting" | "uploading" | "completing" | "verifying" | "ready" | "failed" | "cancelled" | "error";
  message?: string;
  resumedParts?: number;
};

const phaseColor: Record<RowState["phase"], string> = {
  hashing: "gray",
  starting: "gray",
  uploading: "blue",
  completing: "blue",
  verifying: "yellow",
  ready: "teal",
  failed: "red",
  cancelled: "gray",
  error: "red",
};

const timeLeft = (seconds: number) =>
  seconds < 90 ? `${Math.ceil(seconds)} s left` : `${Math.ceil(seconds / 60)} min left`;

/** One file's upload: a progress bar with speed and time left, its phase, and Cancel while it runs. */
export const UploadRow = ({ row, onCancel }: { row: RowState; onCancel?: () => void }) => {
  const percent = row.size ? (row.bytesDone / row.size) * 100 : 0;
  const left =
    row.speed && (row.phase === "uploading" || row.phase === "hashing") ? (row.size - row.bytesDone) / row.speed : null;
  const label = `${row.phase === "hashing" ? "sha256 of " : ""}${formatBytes(row.bytesDone)} of ${formatBytes(row.size)}`;
  return (
    <Stack gap={4} data-testid="upload-row" data-path={row.path} data-phase={row.phase}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" ff="monospace" truncate>
          {row.path}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Badge color={phaseColor[row.phase]} variant="light">
            {row.phase}
          </Badge>
          {onCancel && (row.phase === "hashing" || row.phase === "uploading" || row.phase === "starting") && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Group>
      <Progress
        value={percent}
        animated={row.phase === "uploading"}
        aria-label={`Upload of ${row.path}: ${label}`}
        data-testid="upload-progress"
        data-percent={percent.toFixed(1)}
      />
      <Text size="xs" c="dimmed" data-testid="upload-detail">
        {label}
        {row.speed ? ` · ${formatBytes(row.speed)}/s` : ""}
        {left !== null ? ` · ${timeLeft(left)}` : ""}
        {row.resumedParts ? ` · resumed with ${countOf(row.resumedParts, "part")} already uploaded` : ""}
        {row.message ? ` · ${row.message}` : ""}
      </Text>
    </Stack>
  );
};
