"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, Group, Stack, Title } from "@mantine/core";
import { useForm } from "react-hook-form";
import { ZGeneralSettingsInput, type TGeneralSettingsInput } from "@/lib/schemas/model-admin";
import { GeneralFields } from "./general-fields";
import { useSaveSection } from "./use-save-section";
import { StatusAlert } from "@/app/_components/status-alert";

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
  const { control, handleSubmit, setError, formState } = useForm<TGeneralSettingsInput>({
    resolver: zodResolver(ZGeneralSettingsInput),
    defaultValues: initial,
  });
  const { status, save: onSubmit } = useSaveSection(slug, "the general settings", setError);
  return (
    <Card withBorder component="section" aria-labelledby="general-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="General settings">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Title order={2} size="h3" id="general-heading">
              General
            </Title>
            <GeneralFields control={control} />
            <StatusAlert status={status} />
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
