"use client";
import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { countOf, formatBytes } from "@/lib/format";
import { clearCachedFiles, listCachedFiles, type CachedModelFile } from "@/lib/playground/model-cache";

/** What this browser keeps for the playground, with sizes, and a way to free it. `version` changes after a load. */
export const CachedModels = ({ version }: { version: number }) => {
  const [files, setFiles] = useState<CachedModelFile[] | null>(null);
  const refresh = () => void listCachedFiles().then(setFiles, () => setFiles([]));
  useEffect(refresh, [version]);
  const total = (files ?? []).reduce((s, f) => s + f.size, 0);
  return (
    <Card withBorder aria-label="Cached models" data-testid="cached-models">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Cached in this browser
        </Title>
        <Button
          size="xs"
          variant="light"
          color="red"
          disabled={!files?.length}
          onClick={() => void clearCachedFiles().then(refresh)}
          data-testid="clear-cache"
        >
          Clear
        </Button>
      </Group>
      {files === null ? (
        <Text size="sm" c="dimmed">
          Reading the cache…
        </Text>
      ) : files.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="cache-empty">
          Nothing cached. Verified model files are kept here after their first download, so the next visit loads without
          downloading them again.
        </Text>
      ) : (
        <Stack gap={4}>
          {files.map((f) => (
            <Text key={f.sha256} size="sm" data-testid="cached-file">
              <b>{f.slug}</b> {f.path} — {formatBytes(f.size)}
            </Text>
          ))}
          <Text size="xs" c="dimmed">
            {countOf(files.length, "file")}, {formatBytes(total)} in all.
          </Text>
        </Stack>
      )}
    </Card>
  );
};
