"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, Group, SimpleGrid, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm, type Path } from "react-hook-form";
import { api } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import { ZCreateLicenseInput, type TCreateLicenseInput } from "@/lib/schemas/license";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { StatusAlert } from "@/app/_components/status-alert";

/** A new license with its first version; the text is hashed and can never be edited afterwards. */
export const CreateLicenseForm = () => {
  const router = useRouter();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const { control, handleSubmit, setError, reset, formState } = useForm<TCreateLicenseInput>({
    resolver: zodResolver(ZCreateLicenseInput),
    defaultValues: { slug: "", name: "", spdxId: "", url: "", version: "1.0", text: "" },
  });
  const onSubmit = async (values: TCreateLicenseInput) => {
    setStatus(null);
    const result = await api("createLicense", { body: values });
    if (!result.ok) {
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields));
      return setStatus({ ok: false, text: result.error.message });
    }
    setStatus({ ok: true, text: `${result.data.license.name} created: models can now be put under it.` });
    reset();
    router.refresh();
  };
  const text = (
    name: Path<TCreateLicenseInput>,
    label: string,
    extra: { description?: string; required?: boolean } = {},
  ) => (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextInput
          label={label}
          autoComplete="off"
          maxLength={maxLengthOf(ZCreateLicenseInput.shape[name as keyof typeof ZCreateLicenseInput.shape])}
          {...extra}
          {...field}
          value={(field.value as string | null) ?? ""}
          error={fieldState.error?.message}
        />
      )}
    />
  );
  return (
    <Card withBorder component="section" aria-labelledby="new-license-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="New license">
        <Stack>
          <Title order={2} size="h3" id="new-license-heading">
            New license
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("name", "License name", { required: true })}
            {text("slug", "License id", {
              required: true,
              description: "Lower-case letters, digits, '.' and '-', e.g. acme-research",
            })}
            {text("spdxId", "SPDX identifier", { description: "Optional, e.g. Apache-2.0" })}
            {text("url", "Web page", { description: "Optional" })}
            {text("version", "First version", { required: true })}
          </SimpleGrid>
          <Controller
            control={control}
            name="text"
            render={({ field, fieldState }) => (
              <Textarea
                label="License text"
                maxLength={maxLengthOf(ZCreateLicenseInput.shape.text)}
                description="Exactly what researchers accept; it can never be edited, only followed by a new version"
                required
                autosize
                minRows={6}
                maxRows={20}
                {...field}
                error={fieldState.error?.message}
              />
            )}
          />
          <StatusAlert status={status} />
          <Group>
            <Button type="submit" loading={formState.isSubmitting}>
              Create license
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
};
