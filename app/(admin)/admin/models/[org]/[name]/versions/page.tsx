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
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listVersions } from "@/lib/domain/models/list-versions";
import { formatDate } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { ModelTabs } from "../model-tabs";
import { CreateVersionForm } from "./create-version-form";
import { TableScroll } from "@/app/_components/table-scroll";

export const metadata: Metadata = { title: "Model versions" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string }> };

/** `v1` → `v2`; anything else gets no suggestion. */
const nextName = (names: string[]) => {
  const numbers = names
    .map((n) => /^v(\d+)$/.exec(n)?.[1])
    .filter(Boolean)
    .map(Number);
  return `v${numbers.length ? Math.max(...numbers) + 1 : 1}`;
};

/** A model's versions (admins and its reviewers); admins open new drafts here. */
const VersionsPage = async ({ params }: Props) => {
  const parsed = ZModelRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { org, name } = parsed.data;
  const caller = await requireUser(`/admin/models/${org}/${name}/versions`);
  const { canEdit, model, versions } = await orNotFound(listVersions(caller, parsed.data));

  return (
    <Stack gap="lg">
      <ModelTabs slug={model.slug} title={model.title} current="versions" />
      <section aria-labelledby="versions-heading">
        <Title order={2} size="h3" id="versions-heading" mb="sm">
          Versions
        </Title>
        {versions.length === 0 ? (
          <Card withBorder padding="lg" data-testid="versions-empty">
            <Text fw={600}>No versions yet.</Text>
            <Text size="sm" c="dimmed">
              {canEdit
                ? "Create a draft version, add its files, publish it and make it the latest: then researchers can download it."
                : "Admins have not created a version yet."}
            </Text>
          </Card>
        ) : (
          <TableScroll minWidth={640} label="Versions">
            <Table striped data-testid="versions">
              <TableThead>
                <TableTr>
                  <TableTh>Version</TableTh>
                  <TableTh>Commit</TableTh>
                  <TableTh>Status</TableTh>
                  <TableTh>Files (ready / all)</TableTh>
                  <TableTh>Published</TableTh>
                </TableTr>
              </TableThead>
              <TableTbody>
                {versions.map((v) => (
                  <TableTr key={v.id} data-testid="version-row" data-name={v.name}>
                    <TableTd>
                      <Group gap="xs">
                        <AnchorLink
                          href={`/admin/models/${model.slug}/versions/${encodeURIComponent(v.name)}`}
                          fw={600}
                        >
                          {v.name}
                        </AnchorLink>
                        {v.isLatest && (
                          <Badge color="indigo" variant="light" title="What main means">
                            latest
                          </Badge>
                        )}
                      </Group>
                    </TableTd>
                    <TableTd>
                      <Text size="sm" ff="monospace" title={v.commitSha}>
                        {v.commitSha.slice(0, 12)}
                      </Text>
                    </TableTd>
                    <TableTd>
                      <Badge color={v.status === "PUBLISHED" ? "teal" : "gray"} variant="light">
                        {v.status.toLowerCase()}
                      </Badge>
                    </TableTd>
                    <TableTd>
                      {v.readyCount} / {v.fileCount}
                    </TableTd>
                    <TableTd>{v.publishedAt ? formatDate(v.publishedAt) : "—"}</TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </TableScroll>
        )}
      </section>
      {canEdit && <CreateVersionForm slug={model.slug} suggestedName={nextName(versions.map((v) => v.name))} />}
    </Stack>
  );
};

export default VersionsPage;
