import {
  Badge,
  Card,
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
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CopyValueButton } from "@/app/_components/copy-value-button";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getVersion } from "@/lib/domain/models/get-version";
import { env } from "@/lib/env";
import { formatBytes, formatDate } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZVersionRouteParams } from "@/lib/schemas/model-admin";
import { ModelTabs } from "../../model-tabs";
import { FileActions } from "./file-actions";
import { UploadSlot } from "./upload-slot";
import { VersionActions } from "./version-actions";
import { TableScroll } from "@/app/_components/table-scroll";

export const metadata: Metadata = { title: "Model version" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string; version: string }> };

const statusColor = { UPLOADING: "blue", VERIFYING: "yellow", READY: "teal", FAILED: "red" } as const;

/**
 * FAILED files may be verified again; so may a file VERIFYING for longer than one job run may take
 * (its job most likely gave up without a verdict, e.g. its worker died on the last attempt).
 */
const canVerifyAgain = (f: { status: string; updatedAt: Date }, now: number) =>
  f.status === "FAILED" ||
  (f.status === "VERIFYING" && now - f.updatedAt.getTime() > env.VERIFY_JOB_TIMEOUT_SECONDS * 1000);

/** One version: its files and their status; admins publish a draft (verify again or remove its files), make a published version the latest. */
const VersionPage = async ({ params }: Props) => {
  // Version names are URL-safe (letters, digits, '.', '_', '-'), so the segment is the name.
  const parsed = ZVersionRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { org, name, version: ref } = parsed.data;
  const caller = await requireUser(`/admin/models/${org}/${name}/versions/${encodeURIComponent(ref)}`);
  const { canEdit, model, version } = await orNotFound(getVersion(caller, parsed.data));
  // Reviewers see the files and their status, never the buttons (the API refuses them anyway).
  const showFileActions = canEdit && version.status === "DRAFT";
  const now = Date.now();

  return (
    <Stack gap="lg">
      <ModelTabs slug={model.slug} title={model.title} current="versions" />
      <Card withBorder component="section" aria-labelledby="version-heading">
        <Stack gap="sm">
          <Group gap="sm">
            <Title order={2} size="h3" id="version-heading">
              Version {version.name}
            </Title>
            <Badge
              color={version.status === "PUBLISHED" ? "teal" : "gray"}
              variant="light"
              data-testid="version-status"
            >
              {version.status.toLowerCase()}
            </Badge>
            {version.isLatest && (
              <Badge color="indigo" variant="light" data-testid="latest-badge">
                latest
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Text size="sm">
              Commit{" "}
              <Text span ff="monospace" size="sm" data-testid="commit-sha">
                {version.commitSha}
              </Text>
            </Text>
            <CopyValueButton value={version.commitSha} label="Copy commit id" compact />
          </Group>
          <Text size="sm" c="dimmed">
            Created {formatDate(version.createdAt)}
            {version.publishedAt
              ? ` · published ${formatDate(version.publishedAt)} (immutable)`
              : " · draft: files may still change"}
          </Text>
          {version.notes && <Text size="sm">{version.notes}</Text>}
          {canEdit && (
            <VersionActions
              slug={model.slug}
              name={version.name}
              status={version.status}
              isLatest={version.isLatest}
              isReadyToPublish={version.isReadyToPublish}
            />
          )}
          <AnchorLink href={`/admin/models/${model.slug}/versions`} size="sm">
            All versions
          </AnchorLink>
        </Stack>
      </Card>

      {canEdit && version.status === "DRAFT" && (
        <UploadSlot versionId={version.id} slug={model.slug} versionName={version.name} />
      )}

      <section aria-labelledby="files-heading">
        <Title order={2} size="h3" id="files-heading" mb="sm">
          Files
        </Title>
        {version.files.length === 0 ? (
          <Card withBorder padding="lg" data-testid="files-empty">
            <Text fw={600}>No files yet.</Text>
            <Text size="sm" c="dimmed">
              A version needs at least one READY file before it can be published.
            </Text>
          </Card>
        ) : (
          <TableScroll minWidth={720} label="Files of this version">
            <Table striped data-testid="version-files">
              <TableThead>
                <TableTr>
                  <TableTh>Path</TableTh>
                  <TableTh>Size</TableTh>
                  <TableTh>Status</TableTh>
                  <TableTh>sha256</TableTh>
                  {showFileActions && <TableTh>Actions</TableTh>}
                </TableTr>
              </TableThead>
              <TableTbody>
                {version.files.map((f) => (
                  <TableTr key={f.id} data-testid="version-file" data-path={f.path} data-status={f.status}>
                    <TableTd>
                      <Text size="sm" ff="monospace">
                        {f.path}
                      </Text>
                    </TableTd>
                    <TableTd>{formatBytes(f.size)}</TableTd>
                    <TableTd>
                      <Badge color={statusColor[f.status]} variant="light">
                        {f.status.toLowerCase()}
                      </Badge>
                      {f.failureReason && (
                        <Text size="xs" c="red">
                          {f.failureReason}
                        </Text>
                      )}
                    </TableTd>
                    <TableTd>
                      <Text size="xs" ff="monospace" c={f.sha256 ? undefined : "dimmed"}>
                        {f.sha256 ??
                          (f.declaredSha256 ? `declared ${f.declaredSha256.slice(0, 16)}…` : "not verified yet")}
                      </Text>
                    </TableTd>
                    {showFileActions && (
                      <TableTd>
                        <FileActions
                          slug={model.slug}
                          versionName={version.name}
                          path={f.path}
                          status={f.status}
                          canVerifyAgain={canVerifyAgain(f, now)}
                        />
                      </TableTd>
                    )}
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </TableScroll>
        )}
      </section>
    </Stack>
  );
};

export default VersionPage;
