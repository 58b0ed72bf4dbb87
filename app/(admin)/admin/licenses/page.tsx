import {
  Accordion,
  AccordionControl,
  AccordionItem,
  AccordionPanel,
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
import { CopyValueButton } from "@/app/_components/copy-value-button";
import { requireUser } from "@/lib/auth/require-user";
import { listLicenses } from "@/lib/domain/licenses/list-licenses";
import { countOf, formatDate } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { CreateLicenseForm } from "./create-license-form";
import { PublishVersionForm } from "./publish-version-form";
import { TableScroll } from "@/app/_components/table-scroll";

export const metadata: Metadata = { title: "Licenses" };
export const dynamic = "force-dynamic";

/** Admins: every license with its immutable versions; create a license, publish a new version. */
const LicensesPage = async () => {
  const { licenses } = await orNotFound(listLicenses(await requireUser("/admin/licenses")));
  return (
    <Stack gap="lg">
      <Title order={1}>Licenses</Title>
      {licenses.length === 0 && (
        <Card withBorder padding="xl" data-testid="licenses-empty">
          <Text fw={600}>No licenses yet.</Text>
          <Text size="sm" c="dimmed">
            Create one below; every model is distributed under a license version.
          </Text>
        </Card>
      )}
      {licenses.map((l) => {
        const modelCount = l.versions.reduce((n, v) => n + v.modelCount, 0);
        return (
          <Card
            key={l.id}
            withBorder
            component="section"
            aria-labelledby={`license-${l.id}`}
            data-testid="license"
            data-slug={l.slug}
          >
            <Stack gap="sm">
              <div>
                <Group gap="xs">
                  <Title order={2} size="h3" id={`license-${l.id}`}>
                    {l.name}
                  </Title>
                  {l.spdxId && <Badge variant="light">{l.spdxId}</Badge>}
                </Group>
                <Text size="sm" c="dimmed" ff="monospace">
                  {l.slug}
                  {l.url ? ` · ${l.url}` : ""} · {countOf(modelCount, "model")}
                </Text>
              </div>
              <TableScroll minWidth={560} label="Versions">
                <Table striped aria-label={`Versions of ${l.name}`}>
                  <TableThead>
                    <TableTr>
                      <TableTh>Version</TableTh>
                      <TableTh>sha256 of the text</TableTh>
                      <TableTh>Published</TableTh>
                      <TableTh>Models on it</TableTh>
                    </TableTr>
                  </TableThead>
                  <TableTbody>
                    {l.versions.map((v, i) => (
                      <TableTr key={v.id} data-testid="license-version" data-version={v.version}>
                        <TableTd>
                          <Group gap="xs">
                            {v.version}
                            {i === 0 && (
                              <Badge size="xs" variant="light">
                                latest
                              </Badge>
                            )}
                          </Group>
                        </TableTd>
                        <TableTd>
                          <Group gap={4} wrap="nowrap">
                            <Text size="xs" ff="monospace" title={v.sha256}>
                              {v.sha256.slice(0, 16)}…
                            </Text>
                            <CopyValueButton value={v.sha256} label={`Copy sha256 of ${l.name} ${v.version}`} compact />
                          </Group>
                        </TableTd>
                        <TableTd>{formatDate(v.publishedAt)}</TableTd>
                        <TableTd>{v.modelCount}</TableTd>
                      </TableTr>
                    ))}
                  </TableTbody>
                </Table>
              </TableScroll>
              <Accordion variant="separated">
                <AccordionItem value="publish">
                  <AccordionControl>Publish a new version of {l.name}</AccordionControl>
                  <AccordionPanel>
                    <PublishVersionForm slug={l.slug} name={l.name} modelCount={modelCount} />
                  </AccordionPanel>
                </AccordionItem>
              </Accordion>
            </Stack>
          </Card>
        );
      })}
      <CreateLicenseForm />
    </Stack>
  );
};

export default LicensesPage;
