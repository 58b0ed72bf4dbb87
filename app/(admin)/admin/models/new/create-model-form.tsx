"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm, type Control } from "react-hook-form";
import { api } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import {
  ZCreateModelInput,
  type TCreateModelInput,
  type TCreateModelOutput,
  type TGeneralSettingsInput,
} from "@/lib/schemas/model-admin";
import { GeneralFields } from "../[org]/[name]/settings/general-fields";
import { maxLengthOf } from "@/lib/schemas/max-length";

export type LicenseChoice = { slug: string; name: string; latestVersion: string };

/** A new model: its slug (never changes afterwards), license and general settings; the card, form and rules come next. */
export const CreateModelForm = ({ licenses }: { licenses: LicenseChoice[] }) => {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, setError, formState } = useForm<TCreateModelInput, unknown, TCreateModelOutput>({
    resolver: zodResolver(ZCreateModelInput),
    defaultValues: {
      org: "",
      name: "",
      title: "",
      summary: "",
      task: "",
      gating: "MANUAL",
      visibility: "PRIVATE",
      license: licenses[0]?.slug ?? "",
      grantDurationDays: null,
      requestCooldownDays: 14,
      playgroundEnabled: false,
      downloadQuotaFiles: null,
      downloadQuotaBytes: null,
    },
  });
  const onSubmit = async (values: TCreateModelOutput) => {
    setFailure(null);
    const result = await api("createModel", { body: values });
    if (!result.ok) {
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields));
      return setFailure(result.error.message);
    }
    router.push(`/admin/models/${result.data.model.slug}/settings`);
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="New model">
      <Stack>
        <Card withBorder>
          <Stack>
            <Text fw={600}>Name</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Controller
                control={control}
                name="org"
                render={({ field, fieldState }) => (
                  <TextInput
                    label="Organisation"
                    description="Lower-case; part of every URL of the model"
                    required
                    maxLength={maxLengthOf(ZCreateModelInput.shape.org)}
                    autoComplete="off"
                    {...field}
                    error={fieldState.error?.message}
                  />
                )}
              />
              <Controller
                control={control}
                name="name"
                render={({ field, fieldState }) => (
                  <TextInput
                    label="Model name"
                    description="Lower-case letters, digits, '.', '_' and '-'"
                    required
                    maxLength={maxLengthOf(ZCreateModelInput.shape.name)}
                    autoComplete="off"
                    {...field}
                    error={fieldState.error?.message}
                  />
                )}
              />
            </SimpleGrid>
            <Controller
              control={control}
              name="license"
              render={({ field, fieldState }) => (
                <Select
                  label="License"
                  description="The model starts on the license's latest version"
                  required
                  searchable
                  allowDeselect={false}
                  data={licenses.map((l) => ({ value: l.slug, label: `${l.name} (version ${l.latestVersion})` }))}
                  value={field.value || null}
                  onChange={(v) => field.onChange(v ?? "")}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          </Stack>
        </Card>
        <Card withBorder>
          {/* The shared fields only touch the general settings, which this form has too. */}
          <GeneralFields control={control as unknown as Control<TGeneralSettingsInput>} />
        </Card>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={formState.isSubmitting}>
            Create model
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
