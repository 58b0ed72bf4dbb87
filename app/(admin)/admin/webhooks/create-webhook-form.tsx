"use client";
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, Switch, TextInput, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/lib/client/call-api";
import { WEBHOOK_EVENTS } from "@/lib/schemas/webhooks";
import { SecretOnce } from "./secret-once";

type Created = { webhook: { id: string; url: string }; secret: string };

/** Register an endpoint: URL, events, optional model, active. The secret comes back once. */
export const CreateWebhookForm = () => {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [events, setEvents] = useState<string[]>([]);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    setError(null);
    setFields({});
    const result = await callApi<Created>("/api/v1/admin/webhooks", {
      method: "POST",
      body: {
        url: String(form.get("url") ?? ""),
        events,
        model: String(form.get("model") ?? ""),
        active: form.get("active") === "on",
      },
    });
    setBusy(false);
    if (!result.ok) {
      setFields(result.error.fields ?? {});
      return setError(result.error.message);
    }
    setCreated(result.data);
    formEl.reset();
    setEvents([]);
    router.refresh();
  };

  return (
    <Stack>
      <Title order={2} size="h4">
        Register an endpoint
      </Title>
      {created && (
        <SecretOnce
          title={`Endpoint registered: ${created.webhook.url}`}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}
      <form onSubmit={onSubmit} aria-label="Register a webhook endpoint" noValidate>
        <Stack>
          <TextInput
            name="url"
            label="URL"
            description="https:// address that receives a POST per event"
            placeholder="https://hooks.example.org/registry"
            required
            error={fields.url?.[0]}
          />
          <Checkbox.Group
            label="Events"
            description="What this endpoint is told about"
            value={events}
            onChange={setEvents}
            error={fields.events?.[0]}
            withAsterisk
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
              {WEBHOOK_EVENTS.map((ev) => (
                <Checkbox key={ev} value={ev} label={ev} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <TextInput
            name="model"
            label="Model (optional)"
            description="org/name: only this model's events; leave empty for every model"
            error={fields.model?.[0]}
          />
          <Switch name="active" label="Active" defaultChecked />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Register endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
};
