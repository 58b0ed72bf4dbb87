"use client";
import { Button, Card, Group, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Markdown } from "@/app/_components/markdown";
import { saveSettings, savedText, type Status } from "./save-settings";
import { StatusAlert } from "@/app/_components/status-alert";

/** The model card in Markdown with a live preview, rendered exactly as the public page does (sanitised). */
export const CardEditor = ({ slug, initial, canEdit }: { slug: string; initial: string; canEdit: boolean }) => {
  const router = useRouter();
  const [source, setSource] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setStatus(null);
    setError(null);
    setBusy(true);
    const result = await saveSettings(slug, { cardMarkdown: source });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.fields?.cardMarkdown?.[0] ?? null);
      return setStatus({ ok: false, text: result.error.message });
    }
    setStatus({ ok: true, text: savedText(result.data, "the card") });
    router.refresh();
  };
  return (
    <Card withBorder component="section" aria-labelledby="card-heading">
      <Stack>
        <Title order={2} size="h3" id="card-heading">
          Model card
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea
            label="Card (Markdown)"
            description="GitHub-flavoured Markdown; raw HTML is removed when shown"
            autosize
            minRows={14}
            maxRows={40}
            maxLength={100_000}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            readOnly={!canEdit}
            error={error}
          />
          <div>
            <Text size="sm" fw={500} id="card-preview-label">
              Preview
            </Text>
            <Card
              withBorder
              padding="md"
              mt={4}
              aria-labelledby="card-preview-label"
              role="region"
              data-testid="card-preview"
            >
              {source.trim() === "" ? (
                <Text size="sm" c="dimmed">
                  The card is empty.
                </Text>
              ) : (
                <Markdown source={source} />
              )}
            </Card>
          </div>
        </SimpleGrid>
        <StatusAlert status={status} />
        {canEdit && (
          <Group>
            <Button onClick={save} loading={busy} disabled={source === initial}>
              Save card
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
};
