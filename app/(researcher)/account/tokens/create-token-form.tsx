"use client";
import { Alert, Button, Code, Group, NativeSelect, Stack, TextInput, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { CopyValueButton } from "@/app/_components/copy-value-button";
import { useCheckedSubmit } from "@/app/_components/use-checked-submit";
import { api, type ApiData } from "@/lib/client/api-client";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { ZCreateTokenInput } from "@/lib/schemas/tokens";

/** Name, scope (admin offered to admins only) and expiry; the new token is shown here once. */
export const CreateTokenForm = ({ isAdmin }: { isAdmin: boolean }) => {
  const router = useRouter();
  const { busy, fields, error, formRef, submit } = useCheckedSubmit();
  const [created, setCreated] = useState<ApiData<"createApiToken">["token"] | null>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      scope: String(form.get("scope") ?? "READ"),
      expiresInDays: String(form.get("expiresInDays") ?? ""),
    };
    const data = await submit(ZCreateTokenInput, body, () => api("createApiToken", { body }));
    if (!data) return;
    setCreated(data.token);
    router.refresh();
  };

  return (
    <Stack>
      <Title order={2} size="h4">
        Create a token
      </Title>
      {created && (
        <Alert color="yellow" title={`Your new token "${created.name}"`} data-testid="new-token">
          <Stack gap="xs">
            <span>
              Copy it now: it is shown only this once and cannot be recovered. Keep it secret, like a password.
            </span>
            <Group gap="xs" wrap="wrap">
              <Code data-testid="new-token-value" style={{ overflowWrap: "anywhere" }}>
                {created.token}
              </Code>
              <CopyValueButton value={created.token} label="Copy token" />
            </Group>
            <Button size="xs" variant="subtle" onClick={() => setCreated(null)} w="fit-content">
              I have copied it
            </Button>
          </Stack>
        </Alert>
      )}
      <form ref={formRef} onSubmit={onSubmit} aria-label="Create a token" noValidate>
        <Stack>
          <TextInput
            name="name"
            label="Name"
            description="Where you use it, e.g. laptop or CI mirror"
            required
            maxLength={maxLengthOf(ZCreateTokenInput.shape.name)}
            error={fields.name}
          />
          <NativeSelect
            name="scope"
            label="Scope"
            data={[
              { value: "READ", label: "read: read and download" },
              ...(isAdmin ? [{ value: "ADMIN", label: "admin: everything you can do" }] : []),
            ]}
            error={fields.scope}
          />
          <TextInput
            name="expiresInDays"
            label="Expires in (days)"
            type="number"
            min={1}
            max={365}
            defaultValue="90"
            required
            error={fields.expiresInDays}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Create token
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
};
