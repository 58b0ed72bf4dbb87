"use client";
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, Switch, TextInput, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useCheckedSubmit } from "@/app/_components/use-checked-submit";
import { api, type ApiData } from "@/lib/client/api-client";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { WEBHOOK_EVENTS, ZCreateWebhookInput } from "@/lib/schemas/webhooks";
import { SecretOnce } from "./secret-once";

/** Register an endpoint: URL, events, optional model, active. The secret comes back once. */
export const CreateWebhookForm = () => {
  const router = useRouter();
  const [events, setEvents] = useState<string[]>([]);
  const { busy, fields, error, formRef, submit } = useCheckedSubmit();
  const [created, setCreated] = useState<ApiData<"createWebhook"> | null>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const body = {
      url: String(form.get("url") ?? ""),
      events,
      model: String(form.get("model") ?? ""),
      active: form.get("active") === "on",
    };
    const data = await submit(ZCreateWebhookInput, body, () => api("createWebhook", { body }));
    if (!data) return;
    setCreated(data);
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
      <form ref={formRef} onSubmit={onSubmit} aria-label="Register a webhook endpoint" noValidate>
        <Stack>
          <TextInput
            name="url"
            label="URL"
            description="https:// address that receives a POST per event"
            placeholder="https://hooks.example.org/registry"
            required
            maxLength={maxLengthOf(ZCreateWebhookInput.shape.url)}
            error={fields.url}
          />
          <Checkbox.Group
            label="Events"
            description="What this endpoint is told about"
            value={events}
            onChange={setEvents}
            error={fields.events}
            withAsterisk
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
              {WEBHOOK_EVENTS.map((ev) => (
                <Checkbox key={ev} value={ev} label={ev} aria-invalid={fields.events ? true : undefined} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <TextInput
            name="model"
            label="Model (optional)"
            description="org/name: only this model's events; leave empty for every model"
            error={fields.model}
            maxLength={193}
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
