"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Group, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { api, modelRef } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import { ZCreateVersionInput, type TCreateVersionInput } from "@/lib/schemas/model-admin";
import { maxLengthOf } from "@/lib/schemas/max-length";

/** Opens a new DRAFT version; files are added to it on its own page. */
export const CreateVersionForm = ({ slug, suggestedName }: { slug: string; suggestedName: string }) => {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, setError, formState } = useForm<TCreateVersionInput>({
    resolver: zodResolver(ZCreateVersionInput),
    defaultValues: { name: suggestedName, notes: "" },
  });
  const onSubmit = async (values: TCreateVersionInput) => {
    setFailure(null);
    const result = await api("createVersion", { params: modelRef(slug), body: values });
    if (!result.ok) {
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields));
      return setFailure(result.error.message);
    }
    router.push(`/admin/models/${slug}/versions/${encodeURIComponent(result.data.version.name)}`);
  };
  return (
    <Card withBorder component="section" aria-labelledby="new-version-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="New version">
        <Stack>
          <Title order={2} size="h3" id="new-version-heading">
            New version
          </Title>
          <Controller
            control={control}
            name="name"
            render={({ field, fieldState }) => (
              <TextInput
                label="Version name"
                description="For example v2 or 2026-01-15; unique for this model"
                required
                maxLength={maxLengthOf(ZCreateVersionInput.shape.name)}
                autoComplete="off"
                {...field}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="notes"
            render={({ field, fieldState }) => (
              <Textarea
                label="Release notes"
                maxLength={maxLengthOf(ZCreateVersionInput.shape.notes)}
                autosize
                minRows={2}
                {...field}
                value={field.value ?? ""}
                error={fieldState.error?.message}
              />
            )}
          />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={formState.isSubmitting}>
              Create draft version
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
};
