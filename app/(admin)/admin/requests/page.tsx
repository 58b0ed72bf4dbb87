import { Alert, Button, Group, NativeSelect, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import type { Metadata } from "next";
import { IgnoredFiltersAlert } from "@/app/_components/ignored-filters-alert";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listReviewQueue } from "@/lib/domain/review/list-review-queue";
import { getReviewScope } from "@/lib/domain/review/get-review-scope";
import { isAppError } from "@/lib/errors";
import { countOf } from "@/lib/format";
import { countryOptions } from "@/lib/countries";
import { firstValues } from "@/lib/schemas/catalog";
import { parseFiltersLeniently } from "@/lib/schemas/ignored-filters";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { ZReviewQueueQuery } from "@/lib/schemas/review";
import { QueueTable, type QueueRow } from "./queue-table";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const statuses = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED", "REVOKED"] as const;

const hrefWith = (params: Record<string, string | number | undefined>) => {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") sp.set(k, String(v));
  return `/admin/requests?${sp.toString()}`;
};

const QueuePage = async ({ searchParams }: Props) => {
  const caller = await requireUser("/admin/requests");
  const raw = firstValues(await searchParams);
  // Each unknown filter is dropped and explained; the others still apply.
  const { data: query, ignored } = parseFiltersLeniently(ZReviewQueueQuery, raw);
  // A cursor this server did not make (a hand-edited address, or one from the other order) starts
  // again from the first page, and says so.
  let badCursor = false;
  const listing = listReviewQueue(caller, query).catch((e: unknown) => {
    if (!(isAppError(e) && e.code === "INVALID_CURSOR")) throw e;
    badCursor = true;
    return listReviewQueue(caller, { ...query, cursor: undefined });
  });
  const [scope, page] = await Promise.all([getReviewScope(caller), listing]);
  // Previous/Next keep the filters, the order and an address-bar page size.
  const paged = { ...query, cursor: undefined };
  const rows: QueueRow[] = page.requests.map((r) => ({
    id: r.id,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    model: r.model.slug,
    name: r.applicant.name.value,
    email: r.applicant.email.value,
    emailVerified: r.applicant.email.verification === "verified",
    affiliation: r.applicant.affiliation.value,
    country: r.applicant.country.value,
    orcidVerified: r.applicant.orcid.verification === "verified" && Boolean(r.applicant.orcid.value),
    rule: (r.ruleOutcome as { reason?: string } | null)?.reason ?? null,
  }));

  return (
    <Stack gap="md">
      <Title order={1}>Review queue</Title>
      <IgnoredFiltersAlert sentences={ignored} />
      {badCursor && (
        <Alert color="yellow" role="alert" title="That page does not exist">
          The address does not name a page of this queue; showing the first page.
        </Alert>
      )}
      <form method="get" action="/admin/requests" aria-label="Filter requests">
        <Group align="end" wrap="wrap">
          <NativeSelect
            name="model"
            label="Model"
            defaultValue={query.model ?? ""}
            data={[
              { value: "", label: "All my models" },
              ...scope.models.map((m) => ({ value: m.slug, label: `${m.slug} (${m.pending} pending)` })),
            ]}
          />
          <NativeSelect
            name="status"
            label="Status"
            defaultValue={query.status}
            data={statuses.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() }))}
          />
          <Select
            name="country"
            label="Country"
            placeholder="Any country"
            data={countryOptions}
            defaultValue={query.country ?? null}
            searchable
            clearable
            w={220}
          />
          <TextInput
            name="affiliation"
            label="Affiliation contains"
            defaultValue={query.affiliation ?? ""}
            maxLength={maxLengthOf(ZReviewQueueQuery.shape.affiliation)}
          />
          <TextInput
            name="minAgeDays"
            label="At least N days old"
            type="number"
            min={0}
            defaultValue={query.minAgeDays ?? ""}
            w={150}
          />
          <NativeSelect
            name="sort"
            label="Order"
            defaultValue={query.sort}
            data={[
              { value: "oldest", label: "Oldest first" },
              { value: "newest", label: "Newest first" },
            ]}
          />
          <Button type="submit">Apply</Button>
          <AnchorLink href="/admin/requests" size="sm">
            Clear
          </AnchorLink>
        </Group>
      </form>
      <Text size="sm" c="dimmed" data-testid="queue-total">
        {countOf(page.total, `${query.status.toLowerCase()} request`)}
      </Text>
      {/* Always mounted, so a bulk outcome survives the refresh that empties the queue. */}
      <QueueTable
        rows={rows}
        pending={query.status === "PENDING"}
        emptyText={
          query.status === "PENDING"
            ? "No request is waiting for a decision with these filters."
            : "No request matches these filters."
        }
      />
      {(page.prevCursor || page.nextCursor) && (
        <Group component="nav" justify="center" aria-label="Pages">
          {page.prevCursor && (
            <>
              <ButtonLink variant="default" href={hrefWith(paged)} data-testid="queue-first">
                First
              </ButtonLink>
              <ButtonLink
                variant="default"
                href={hrefWith({ ...paged, cursor: page.prevCursor })}
                data-testid="queue-previous"
              >
                Previous
              </ButtonLink>
            </>
          )}
          {page.nextCursor && (
            <ButtonLink
              variant="default"
              href={hrefWith({ ...paged, cursor: page.nextCursor })}
              data-testid="queue-next"
            >
              Next
            </ButtonLink>
          )}
        </Group>
      )}
    </Stack>
  );
};

export default QueuePage;
