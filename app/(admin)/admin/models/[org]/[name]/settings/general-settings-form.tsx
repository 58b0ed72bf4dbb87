"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Group, Stack, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { ZGeneralSettingsInput, type TGeneralSettingsInput } from "@/lib/schemas/model-admin";
import { GeneralFields } from "./general-fields";
import { fieldErrors, saveSettings, savedText, type Status } from "./save-settings";

/** Title, task, gating, visibility, durations and playground; read-only for reviewers. */
export const GeneralSettingsForm = ({
  slug,
  initial,
  canEdit,
}: {
  slug: string;
  initial: TGeneralSettingsInput;
  canEdit: boolean;
}) => {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const { control, handleSubmit, setError, formState } = useForm<TGeneralSettingsInput>({
    resolver: zodResolver(ZGeneralSettingsInput),
    defaultValues: initial,
  });
  const onSubmit = async (values: TGeneralSettingsInput) => {
    setStatus(null);
    const result = await saveSettings(slug, values);
    if (!result.ok) {
      for (const [name, message] of fieldErrors(result.error))
        setError(name as Path<TGeneralSettingsInput>, { message });
      return setStatus({ ok: false, text: result.error.message });
    }
    setStatus({ ok: true, text: savedText(result.data, "the general settings") });
    router.refresh();
  };
  return (
    <Card withBorder component="section" aria-labelledby="general-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="General settings">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Title order={2} size="h3" id="general-heading">
              General
            </Title>
            <GeneralFields control={control} />
            {status && (
              <Alert color={status.ok ? "teal" : "red"} role={status.ok ? "status" : "alert"}>
                {status.text}
              </Alert>
            )}
            {canEdit && (
              <Group>
                <Button type="submit" loading={formState.isSubmitting}>
                  Save general settings
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
};
