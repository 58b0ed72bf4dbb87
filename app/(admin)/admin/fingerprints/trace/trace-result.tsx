"use client";
import {
  Alert,
  Badge,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
} from "@mantine/core";
import type { ReactNode } from "react";
import { AnchorLink } from "@/app/_components/links";
import { formatBytes } from "@/lib/format";
import type { TTraceResult } from "@/lib/schemas/fingerprint";

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "—");
const probability = (p: number | null) => (p === null ? "n/a" : p === 0 ? "below 10⁻³⁰⁰" : p.toExponential(2));

const Fact = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <div>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text size="sm" data-testid={testId} style={{ overflowWrap: "anywhere" }}>
      {children}
    </Text>
  </div>
);

/** The attribution: who, which grant, the evidence and the download history; or "no fingerprint found". */
export const TraceResultCard = ({ result }: { result: TTraceResult }) => {
  const file = `${result.fileName ?? "The file"} (${formatBytes(result.size)}, sha256 ${result.sha256.slice(0, 16)}…)`;
  const g = result.grant;
  if (!g)
    return (
      <Alert color="gray" title="No fingerprint found" data-testid="trace-result" data-found="false">
        <Text size="sm">
          {file} carries no mark of any of the {result.grantsSearched} grants searched
          {result.score !== null ? ` (best score z = ${result.score.toFixed(1)}, not enough to name a grant)` : ""}. It
          is not a copy delivered by this registry, or it was changed beyond recognition (retrained, distilled), or the
          copies of its grant have been deleted.
        </Text>
      </Alert>
    );
  return (
    <Card
      withBorder
      data-testid="trace-result"
      data-found="true"
      data-grant={g.id}
      data-probability={result.falseAttributionProbability ?? ""}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h3">
            Delivered under a grant to {g.user.name ?? g.user.email ?? g.user.id}
          </Title>
          <Badge color={result.exact ? "red" : "orange"}>{result.exact ? "byte-identical copy" : "marked copy"}</Badge>
        </Group>
        <Text size="sm">{file}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Fact label="User" testId="trace-user">
            {g.user.name ? `${g.user.name} <${g.user.email ?? g.user.id}>` : (g.user.email ?? g.user.id)}
          </Fact>
          <Fact label="Model" testId="trace-model">
            <AnchorLink href={`/admin/models/${g.model.slug}`}>{g.model.slug}</AnchorLink>
          </Fact>
          <Fact label="Grant">
            <AnchorLink href={`/admin/requests/${g.id}`}>{g.id}</AnchorLink> ({g.status.toLowerCase()})
          </Fact>
          <Fact label="Evidence" testId="trace-score">
            {result.exact
              ? "byte-identical to the copy delivered under this grant"
              : `score z = ${result.score?.toFixed(1) ?? "n/a"}`}
          </Fact>
          <Fact label="Probability of a false attribution" testId="trace-probability">
            {probability(result.falseAttributionProbability)} ({result.grantsSearched} grants searched)
          </Fact>
          <Fact label="Grant dates">
            requested {utc(g.createdAt)}; approved {utc(g.decidedAt)}; expires {utc(g.expiresAt)}
            {g.revokedAt ? `; revoked ${utc(g.revokedAt)}` : ""}
          </Fact>
        </SimpleGrid>
        <Title order={3} size="h5">
          Downloads under this grant ({g.downloads.length})
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table fz="sm" verticalSpacing={4} aria-label="Downloads under this grant" data-testid="trace-downloads">
            <TableThead>
              <TableTr>
                <TableTh>When</TableTh>
                <TableTh>Channel</TableTh>
                <TableTh>File</TableTh>
                <TableTh>Address</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {g.downloads.map((d, i) => (
                <TableTr key={i} data-testid="trace-download">
                  <TableTd style={{ whiteSpace: "nowrap" }}>{utc(d.issuedAt)}</TableTd>
                  <TableTd>{d.channel}</TableTd>
                  <TableTd>
                    <Code>
                      {d.file.version.name}/{d.file.path}
                    </Code>
                  </TableTd>
                  <TableTd>{d.ip ?? "—"}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
};
