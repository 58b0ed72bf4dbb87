"use client";
import { Button, Card, Group, List, ListItem, Stack, Text, TextInput, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, modelRef } from "@/lib/client/api-client";
import { formatDate } from "@/lib/format";
import { StatusAlert } from "@/app/_components/status-alert";

export type ReviewerRow = { userId: string; email: string | null; name: string | null; assignedAt: string };

type Props = { slug: string; reviewers: ReviewerRow[]; canManage: boolean };
type Status = { ok: boolean; text: string } | null;

/** Who reviews this model; admins also assign (by e-mail) and remove reviewers here. */
export const ReviewersPanel = ({ slug, reviewers, canManage }: Props) => {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const assign = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setFieldError(null);
    setBusy("assign");
    const result = await api("assignReviewer", { params: modelRef(slug), body: { email } });
    setBusy(null);
    if (!result.ok) {
      setFieldError(result.error.fields?.email?.[0] ?? null);
      return setStatus({ ok: false, text: result.error.message });
    }
    const { created, invited } = result.data;
    setStatus({
      ok: true,
      text: !created
        ? `${email} already reviews this model.`
        : invited
          ? `${email} has no account yet: they review this model once they sign in with that address.`
          : `${email} now reviews this model.`,
    });
    setEmail("");
    router.refresh();
  };

  const remove = async (r: ReviewerRow) => {
    const who = r.name ?? r.email ?? "this reviewer";
    if (!window.confirm(`Remove ${who} as a reviewer of ${slug}?`)) return;
    setStatus(null);
    setBusy(r.userId);
    const result = await api("unassignReviewer", { params: { ...modelRef(slug), userId: r.userId } });
    setBusy(null);
    if (!result.ok) return setStatus({ ok: false, text: result.error.message });
    setStatus({ ok: true, text: `${who} no longer reviews this model.` });
    router.refresh();
  };

  return (
    <Card withBorder data-testid="reviewers-panel">
      <Stack gap="sm">
        <Title order={2} size="h3">
          Reviewers
        </Title>
        {reviewers.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="reviewers-empty">
            No reviewers yet: only admins decide this model&apos;s requests.
          </Text>
        ) : (
          <List listStyleType="none" spacing="xs" aria-label="Reviewers of this model">
            {reviewers.map((r) => (
              <ListItem key={r.userId} data-testid="reviewer" data-email={r.email ?? ""}>
                <Group gap="sm">
                  <Text size="sm">
                    {r.name ? `${r.name} ` : ""}
                    <Text span size="sm" c="dimmed">
                      {r.email ?? "(no e-mail)"} · since {formatDate(r.assignedAt)}
                    </Text>
                  </Text>
                  {canManage && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      loading={busy === r.userId}
                      onClick={() => remove(r)}
                      aria-label={`Remove ${r.name ?? r.email ?? "reviewer"}`}
                    >
                      Remove
                    </Button>
                  )}
                </Group>
              </ListItem>
            ))}
          </List>
        )}
        {canManage && (
          <form onSubmit={assign} noValidate aria-label="Assign a reviewer">
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Assign a reviewer by e-mail"
                description="Someone without an account is invited: they review once they sign in."
                type="email"
                autoComplete="off"
                required
                maxLength={254}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldError}
                style={{ flex: 1, minWidth: 240 }}
              />
              <Button type="submit" loading={busy === "assign"} disabled={email.trim() === ""}>
                Assign
              </Button>
            </Group>
          </form>
        )}
        <StatusAlert status={status} />
      </Stack>
    </Card>
  );
};
