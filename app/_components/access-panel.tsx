import { Alert, Badge, Card, Code, Group, Progress, Stack, Text } from "@mantine/core";
import type { AccessState } from "@/lib/domain/access/get-access-state";
import { formatBytes, formatDate } from "@/lib/format";
import { ButtonLink } from "./links";
import { licenseLabel } from "@/lib/common/license-label";
import { ResubmitLater } from "./resubmit-later";

const actionLabel: Record<string, string> = {
  SIGN_IN_REQUIRED: "Sign in",
  PROFILE_INCOMPLETE: "Complete your profile",
  REQUEST_REQUIRED: "Request access",
  REQUEST_PENDING: "See your request",
  REQUEST_REJECTED: "See your requests",
  GRANT_EXPIRED: "Request again",
  GRANT_REVOKED: "Request again",
  LICENSE_NOT_ACCEPTED: "Read and accept the license",
};

/** One line of the grant's download quota: "3 of 10 downloads used" over a bar. */
const QuotaMeter = ({
  label,
  used,
  limit,
  format,
}: {
  label: string;
  used: number;
  limit: number;
  format: (n: number) => string;
}) => {
  const percent = Math.min(100, Math.round((used / limit) * 100));
  const text = `${format(used)} of ${format(limit)}${label ? ` ${label}` : ""} used`;
  return (
    <div>
      <Text size="xs" mb={2}>
        {text}
      </Text>
      <Progress
        value={percent}
        color={percent >= 100 ? "red" : percent >= 80 ? "yellow" : "teal"}
        size="sm"
        aria-label={text}
      />
    </div>
  );
};

/** The caller's standing with a model and the one next step, as the gate decided it. */
export const AccessPanel = ({ state }: { state: AccessState }) => {
  const granted = state.code === "GRANTED";
  const resubmit = state.code === "REQUEST_REJECTED" && state.canRequest;
  const label = resubmit ? "Edit and resubmit" : actionLabel[state.code];
  // Resubmitting starts from the rejected request's answers.
  const href = resubmit && state.request ? `${state.action}?from=${state.request.id}` : state.action;
  return (
    <Card withBorder data-testid="access-panel" data-code={state.code}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Access</Text>
          <Badge color={granted ? "teal" : state.code === "REQUEST_PENDING" ? "yellow" : "gray"} variant="light">
            {granted ? "granted" : state.code.toLowerCase().replace(/_/g, " ")}
          </Badge>
        </Group>
        {granted ? (
          <Alert color="teal" variant="light">
            You have access{state.grantedUntil ? ` until ${formatDate(state.grantedUntil)}` : ""}. Download the files
            below; each link is signed for a few minutes when you click it.
          </Alert>
        ) : (
          <Text size="sm" data-testid="access-message">
            {state.message}
          </Text>
        )}
        {state.quota && (
          <Stack gap={6} data-testid="download-quota">
            <Text size="sm" fw={500}>
              Download quota for this grant
            </Text>
            {state.quota.files && (
              <QuotaMeter
                label="downloads"
                used={state.quota.files.used}
                limit={state.quota.files.limit}
                format={String}
              />
            )}
            {state.quota.bytes && (
              <QuotaMeter label="" used={state.quota.bytes.used} limit={state.quota.bytes.limit} format={formatBytes} />
            )}
            <Text size="xs" c="dimmed">
              Fetching a file again while its link is still valid (a resume or retry) does not count twice.
            </Text>
          </Stack>
        )}
        {state.reapplyAt && <ResubmitLater opensAt={state.reapplyAt} size="sm" />}
        {!granted && href && label && (
          <Group>
            <ButtonLink href={href} data-testid="access-action" variant={state.reapplyAt ? "light" : undefined}>
              {label}
            </ButtonLink>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          License: {licenseLabel(state.license.name, state.license.version)}; text sha256{" "}
          <Code>{state.license.sha256.slice(0, 16)}…</Code>
        </Text>
      </Stack>
    </Card>
  );
};
