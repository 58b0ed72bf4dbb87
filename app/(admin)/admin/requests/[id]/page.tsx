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
  Timeline,
  TimelineItem,
  Title,
} from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getReviewRequest } from "@/lib/domain/review/get-review-request";
import { isAppError } from "@/lib/errors";
import { countryName } from "@/lib/countries";
import { formatDate, requestStatusColor } from "@/lib/format";
import type { SnapshotField } from "@/lib/schemas/profile-snapshot";
import { DecisionPanel } from "./decision-panel";
import { QuotaPanel } from "./quota-panel";
import { grantEndsAt } from "@/lib/domain/access/grant-ends-at";
import { licenseLabel } from "@/lib/common/license-label";

export const metadata: Metadata = { title: "Access request" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };
/** An answer as a reviewer reads it: a ticked box is "Yes", not "true"; lists joined; nothing is "—". */
const formatAnswer = (value: unknown) => {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
};
const when = (d: Date) => `${formatDate(d)} ${d.toISOString().slice(11, 16)} UTC`;

const fieldLabel: Record<SnapshotField, string> = {
  name: "Name",
  affiliation: "Affiliation",
  position: "Position",
  country: "Country",
  orcid: "ORCID iD",
  website: "Website",
};
const shown = (field: SnapshotField, v: string | null) =>
  v === null ? "—" : field === "country" ? (countryName(v) ?? v) : v;

// Never squeezed to an ellipsis by a narrow table: the badge keeps its text's width.
const Mark = ({ v }: { v: "verified" | "self-declared" }) => (
  <Badge
    size="xs"
    variant="light"
    color={v === "verified" ? "teal" : "gray"}
    styles={{ root: { overflow: "visible" }, label: { overflow: "visible" } }}
  >
    {v}
  </Badge>
);

const RequestPage = async ({ params }: Props) => {
  const { id } = await params;
  const caller = await requireUser(`/admin/requests/${id}`);
  const r = await getReviewRequest(caller, { id }).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const p = r.applicant;
  const profile = [
    ["Name", p.name.value, p.name.verification, "name"],
    ["E-mail", p.email.value, p.email.verification, null],
    ["Affiliation", p.affiliation.value, p.affiliation.verification, "affiliation"],
    ["Position", p.position.value, p.position.verification, "position"],
    ["Country", p.country.label ?? p.country.value, p.country.verification, "country"],
    ["ORCID iD", p.orcid.value, p.orcid.verification, "orcid"],
    ["Website", p.website.value, p.website.verification, "website"],
  ] as const;
  const changed = new Set(r.profileChanges?.map((c) => c.field));
  const defaultExpiry = grantEndsAt(r.model.grantDurationDays)?.toISOString().slice(0, 10) ?? "";

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <Title order={1} style={{ overflowWrap: "anywhere" }}>
          Request for <AnchorLink href={`/models/${r.model.slug}`}>{r.model.slug}</AnchorLink>
        </Title>
        <Badge size="lg" color={requestStatusColor[r.status]} data-testid="request-status">
          {r.status.toLowerCase()}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        Submitted {when(r.createdAt)}
        {r.decidedAt &&
          ` · decided ${when(r.decidedAt)}${r.decidedBy ? ` by ${r.decidedBy.name ?? r.decidedBy.email}` : " by the rules"}`}
        {r.expiresAt && ` · ${r.status === "APPROVED" ? "expires" : "expired"} ${formatDate(r.expiresAt)}`}
      </Text>
      {r.reasonText && <Text size="sm">Reason given: {r.reasonText}</Text>}
      <DecisionPanel
        id={r.id}
        status={r.status}
        defaultExpiry={defaultExpiry}
        currentExpiry={r.expiresAt?.toISOString().slice(0, 10) ?? null}
      />
      {(r.status === "PENDING" || r.status === "APPROVED") && (
        <QuotaPanel id={r.id} own={r.quota.own} effective={r.quota.effective} />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Applicant
          </Title>
          <Table data-testid="applicant-profile">
            <TableTbody>
              {profile.map(([label, value, v, field]) => (
                <TableTr key={label}>
                  <TableTd c="dimmed">{label}</TableTd>
                  <TableTd style={{ overflowWrap: "anywhere" }}>{value ?? "—"}</TableTd>
                  <TableTd>
                    <Group gap={4}>
                      {value && <Mark v={v} />}
                      {field && changed.has(field) && (
                        <Badge size="xs" variant="filled" color="orange">
                          changed
                        </Badge>
                      )}
                    </Group>
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
          {r.profileChanges === null ? (
            <Text size="xs" c="dimmed" mt="xs" data-testid="profile-at-submission">
              Profile at submission: not recorded (the request predates profile snapshots).
            </Text>
          ) : r.profileChanges.length === 0 ? (
            <Text size="xs" c="dimmed" mt="xs" data-testid="profile-at-submission">
              Unchanged since the request was submitted.
            </Text>
          ) : (
            <Alert
              color="orange"
              variant="light"
              mt="xs"
              title="Profile changed since submission"
              data-testid="profile-changes"
            >
              <Table>
                <TableThead>
                  <TableTr>
                    <TableTh>Field</TableTh>
                    <TableTh>At submission</TableTh>
                    <TableTh>Now</TableTh>
                  </TableTr>
                </TableThead>
                <TableTbody>
                  {r.profileChanges.map((c) => (
                    <TableTr key={c.field}>
                      <TableTd>{fieldLabel[c.field]}</TableTd>
                      <TableTd>{shown(c.field, c.then)}</TableTd>
                      <TableTd>→ {shown(c.field, c.now)}</TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </Alert>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Answers
          </Title>
          {r.answers.length === 0 ? (
            <Text size="sm" c="dimmed">
              This model&apos;s form asked nothing beyond the profile.
            </Text>
          ) : (
            <Stack gap="xs" data-testid="answers">
              {r.answers.map((a) => (
                <div key={a.name}>
                  <Text size="sm" fw={600}>
                    {a.label}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {formatAnswer(a.value)}
                  </Text>
                </div>
              ))}
              {!r.formIsCurrent && (
                <Text size="xs" c="dimmed">
                  Answered on form version {r.formVersion}; the form has changed since.
                </Text>
              )}
            </Stack>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            License and rules
          </Title>
          {r.licenseVersion ? (
            <Text size="sm">
              Accepted {licenseLabel(r.licenseVersion.license.name, r.licenseVersion.version)}
              {r.licenseAcceptance && ` on ${when(r.licenseAcceptance.acceptedAt)}`}. sha256{" "}
              <Code>{r.licenseVersion.sha256.slice(0, 16)}…</Code>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              No license version recorded with this request.
            </Text>
          )}
          {r.ruleOutcome ? (
            <Stack gap={4} mt="sm" data-testid="rule-outcome">
              <Text size="sm" fw={600}>
                Rules: {r.ruleOutcome.reason}
              </Text>
              {(r.ruleOutcome.checks ?? []).map((c, i) => (
                <Text size="xs" key={i}>
                  {c.result === "pass" ? "✓" : "→"} {c.rule}: {c.detail}
                </Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" mt="sm">
              No rule outcome stored.
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Earlier requests
          </Title>
          {r.previousRequests.length === 0 ? (
            <Text size="sm" c="dimmed">
              None on the models you review.
            </Text>
          ) : (
            <Stack gap={4} data-testid="previous-requests">
              {r.previousRequests.map((x) => (
                <Text size="sm" key={x.id}>
                  <AnchorLink href={`/admin/requests/${x.id}`}>{formatDate(x.createdAt)}</AnchorLink> {x.model.slug}:{" "}
                  {x.status.toLowerCase()}
                  {x.reasonText ? ` (${x.reasonText})` : ""}
                </Text>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          History
        </Title>
        <Timeline active={r.history.length - 1} bulletSize={12} lineWidth={2}>
          {r.history.map((h) => (
            <TimelineItem key={h.seq} title={h.action.replace("access_request.", "")}>
              <Text size="xs" c="dimmed">
                {when(h.createdAt)} · {h.actor ?? "system"}
              </Text>
            </TimelineItem>
          ))}
        </Timeline>
      </Card>
    </Stack>
  );
};

export default RequestPage;
