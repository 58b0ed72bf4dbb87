"use client";
import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { formatBytes } from "@/lib/format";

export type Perf = {
  downloadedBytes: number;
  downloadMs: number;
  fromCache: boolean;
  sessionMs: number;
  firstRunMs?: number;
  meanRunMs?: number;
  tokensPerSecond?: number;
};

const ms = (v: number | undefined) => (v === undefined ? "—" : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`);

const Figure = ({ label, value, id }: { label: string; value: string; id: string }) => (
  <Stack gap={0}>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text fw={600} data-testid={`perf-${id}`}>
      {value}
    </Text>
  </Stack>
);

/** Where the time went: transfer, session creation, first and mean inference; tokens/s for text generation only. */
export const PerformancePanel = ({ perf, tokens }: { perf: Perf; tokens: boolean }) => (
  <Card withBorder aria-label="Performance">
    <Title order={3} size="h5" mb="xs">
      Performance
    </Title>
    <SimpleGrid cols={{ base: 2, sm: 3 }}>
      <Figure
        id="download"
        label="Downloaded"
        value={
          perf.fromCache
            ? "0 B (from the browser cache)"
            : `${formatBytes(perf.downloadedBytes)} in ${ms(perf.downloadMs)}`
        }
      />
      <Figure id="session" label="Session creation" value={ms(perf.sessionMs)} />
      <Figure id="first-run" label="First inference" value={ms(perf.firstRunMs)} />
      <Figure id="mean-run" label="Mean per run" value={ms(perf.meanRunMs)} />
      {tokens && (
        <Figure
          id="tokens-per-second"
          label="Tokens per second"
          value={perf.tokensPerSecond === undefined ? "—" : perf.tokensPerSecond.toFixed(1)}
        />
      )}
    </SimpleGrid>
  </Card>
);
