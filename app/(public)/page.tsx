import { IgnoredFiltersAlert } from "@/app/_components/ignored-filters-alert";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listModels } from "@/lib/domain/catalog/list-models";
import { listTasks } from "@/lib/domain/catalog/list-tasks";
import { formatDate, gatingLabel } from "@/lib/format";
import { firstValues, parseListModelsQueryLeniently } from "@/lib/schemas/catalog";
import { licenseLabel } from "@/lib/common/license-label";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const hrefWith = (params: Record<string, string | number | undefined>) => {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `/?${s}` : "/";
};

const CatalogPage = async ({ searchParams }: Props) => {
  const { query, ignored } = parseListModelsQueryLeniently(firstValues(await searchParams));
  const caller = await getCurrentUser();
  const [result, tasks] = await Promise.all([listModels(caller, query), listTasks(caller)]);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Model catalog</Title>
        <Text c="dimmed">Weights published under a license. Request access, accept the license, download.</Text>
      </div>
      <IgnoredFiltersAlert sentences={ignored} title="Some search options were ignored" />
      <form method="get" action="/" role="search">
        <Group align="end">
          <TextInput
            name="q"
            label="Search by name"
            placeholder="e.g. vad"
            defaultValue={query.q ?? ""}
            style={{ flex: 1 }}
          />
          {query.task && <input type="hidden" name="task" value={query.task} />}
          <Button type="submit">Search</Button>
        </Group>
      </form>
      <Group gap="xs" aria-label="Filter by task">
        <ButtonLink href={hrefWith({ q: query.q })} size="compact-sm" variant={query.task ? "default" : "filled"}>
          All tasks
        </ButtonLink>
        {tasks.map((t) => (
          <ButtonLink
            key={t.task}
            href={hrefWith({ q: query.q, task: t.task })}
            size="compact-sm"
            variant={query.task === t.task ? "filled" : "default"}
          >
            {t.task} ({t.count})
          </ButtonLink>
        ))}
      </Group>

      {result.models.length === 0 ? (
        <Card withBorder padding="xl" data-testid="catalog-empty">
          <Text fw={600}>No models match.</Text>
          <Text c="dimmed" size="sm">
            {query.q || query.task ? (
              <>
                Try another name, or <AnchorLink href="/">clear the filters</AnchorLink>.
              </>
            ) : (
              "Nothing has been published yet."
            )}
          </Text>
        </Card>
      ) : (
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 3 }}
          component="ul"
          style={{ listStyle: "none", padding: 0 }}
          aria-label="Models"
        >
          {result.models.map((m) => (
            <Card key={m.slug} withBorder component="li" data-testid="model-card">
              <Stack gap={6}>
                <AnchorLink href={`/models/${m.slug}`} fw={600}>
                  {m.name}
                </AnchorLink>
                <Text size="xs" c="dimmed" ff="monospace">
                  {m.slug}
                </Text>
                <Text size="sm" lineClamp={3}>
                  {m.summary}
                </Text>
                <Group gap={6}>
                  <Badge variant="light">{m.task}</Badge>
                  <Badge
                    variant="outline"
                    color={m.gating === "OPEN" ? "teal" : m.gating === "AUTO" ? "blue" : "grape"}
                  >
                    {gatingLabel[m.gating]}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {licenseLabel(m.license, m.licenseVersion)} · updated {formatDate(m.updatedAt)}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {pages > 1 && (
        <Group component="nav" justify="center" gap="sm" aria-label="Pages">
          {query.page > 1 && (
            <ButtonLink variant="default" href={hrefWith({ q: query.q, task: query.task, page: query.page - 1 })}>
              Previous
            </ButtonLink>
          )}
          <Text size="sm">
            Page {query.page} of {pages}
          </Text>
          {query.page < pages && (
            <ButtonLink variant="default" href={hrefWith({ q: query.q, task: query.task, page: query.page + 1 })}>
              Next
            </ButtonLink>
          )}
        </Group>
      )}
    </Stack>
  );
};

export default CatalogPage;
