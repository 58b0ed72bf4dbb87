import {
  Alert,
  Anchor,
  Card,
  Code,
  Group,
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
import { CopyValueButton } from "@/app/_components/copy-value-button";
import { AnchorLink } from "@/app/_components/links";
import type { AccessState } from "@/lib/domain/access/get-access-state";
import type { TModelDetail } from "@/lib/domain/catalog/get-model";
import { env } from "@/lib/env";
import { formatBytes } from "@/lib/format";
import { FileInspections } from "./file-inspection";
import { TableScroll } from "@/app/_components/table-scroll";

type Props = {
  model: Pick<TModelDetail, "slug" | "latestVersion">;
  access: AccessState;
  files: NonNullable<TModelDetail["latestVersion"]>["files"];
};

/** The files route of one file, pinned to the listed commit so the bytes are the ones listed. */
const downloadHref = (slug: string, path: string, commitSha: string) =>
  `/api/v1/models/${slug}/files/${path.split("/").map(encodeURIComponent).join("/")}?revision=${commitSha}`;

/**
 * The latest revision's files. Download links only for a caller the gate lets through; anyone
 * else reads the gate's message and next step once, above the list, and gets no link at all.
 */
export const FilesCard = ({ model, access, files }: Props) => {
  const version = model.latestVersion;
  const granted = access.code === "GRANTED";
  const manifestUrl = new URL(
    `/api/v1/models/${model.slug}/manifest${version ? `?revision=${version.name}` : ""}`,
    env.NEXTAUTH_URL,
  ).toString();
  const cli = `npx weights pull ${model.slug}`;
  return (
    <Card withBorder component="section" aria-labelledby="files-heading" data-testid="files-card">
      <Stack gap="sm">
        <Title order={2} size="h3" id="files-heading">
          Files{" "}
          {version && (
            <Text span c="dimmed" size="sm">
              ({version.name}, {version.commitSha.slice(0, 10)})
            </Text>
          )}
        </Title>
        {files.length === 0 || !version ? (
          <Text c="dimmed" size="sm" data-testid="files-empty">
            No files have been published for this model yet.
          </Text>
        ) : (
          <>
            {!granted && (
              <Alert variant="light" color="gray" data-testid="files-gate">
                <Text size="sm">{access.message}</Text>
                {access.action && (
                  <AnchorLink href={access.action} data-testid="files-next-step">
                    Go to the next step
                  </AnchorLink>
                )}
              </Alert>
            )}
            <TableScroll minWidth={520} label="Files">
              <Table striped data-testid="files-table">
                <TableThead>
                  <TableTr>
                    <TableTh>Path</TableTh>
                    <TableTh>Size</TableTh>
                    <TableTh>sha256</TableTh>
                    {granted && <TableTh>Download</TableTh>}
                  </TableTr>
                </TableThead>
                <TableTbody>
                  {files.map((f) => (
                    <TableTr key={f.path}>
                      <TableTd ff="monospace">{f.path}</TableTd>
                      <TableTd>{formatBytes(f.size)}</TableTd>
                      <TableTd ff="monospace" title={f.sha256 ?? undefined}>
                        <Group gap={4} wrap="nowrap">
                          {f.sha256 ? `${f.sha256.slice(0, 12)}…` : f.status.toLowerCase()}
                          {f.sha256 && (
                            <CopyValueButton compact value={f.sha256} label={`Copy the sha256 of ${f.path}`} />
                          )}
                        </Group>
                      </TableTd>
                      {granted && (
                        <TableTd>
                          {f.status === "READY" ? (
                            // A plain link: the route answers 302 to S3, which sends the file as an attachment.
                            <Anchor
                              href={downloadHref(model.slug, f.path, version.commitSha)}
                              aria-label={`Download ${f.path}`}
                            >
                              Download
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              not ready
                            </Text>
                          )}
                        </TableTd>
                      )}
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </TableScroll>
            <Stack gap={6} data-testid="download-all">
              <Text fw={600} size="sm">
                Download all
              </Text>
              <Text size="sm" c="dimmed">
                The manifest lists every file with a freshly signed URL (for a signed-in session or an API token that
                passes the gate); the CLI fetches them all, resumes and checks each sha256.
              </Text>
              <Group gap="xs" wrap="wrap">
                <Code data-testid="manifest-url" style={{ overflowWrap: "anywhere" }}>
                  {manifestUrl}
                </Code>
                <CopyValueButton value={manifestUrl} label="Copy manifest URL" />
              </Group>
              <Group gap="xs" wrap="wrap">
                <Code data-testid="cli-command" style={{ overflowWrap: "anywhere" }}>
                  {cli}
                </Code>
                <CopyValueButton value={cli} label="Copy command" />
              </Group>
            </Stack>
            <FileInspections slug={model.slug} />
          </>
        )}
      </Stack>
    </Card>
  );
};
