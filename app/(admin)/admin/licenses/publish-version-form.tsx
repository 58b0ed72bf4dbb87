"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, TextInput, Textarea } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { api } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import { countOf } from "@/lib/format";
import { ZPublishLicenseVersionInput, type TPublishLicenseVersionInput } from "@/lib/schemas/license";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { licenseLabel } from "@/lib/common/license-label";
import { StatusAlert } from "@/app/_components/status-alert";

type Props = { slug: string; name: string; modelCount: number };

/** A new version of one license; every model on the license moves to it and its grantees must accept it. */
export const PublishVersionForm = ({ slug, name, modelCount }: Props) => {
  const router = useRouter();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const { control, handleSubmit, setError, reset, formState } = useForm<TPublishLicenseVersionInput>({
    resolver: zodResolver(ZPublishLicenseVersionInput),
    defaultValues: { version: "", text: "" },
  });
  const onSubmit = async (values: TPublishLicenseVersionInput) => {
    const moving = modelCount === 1 ? "The one model" : `All ${modelCount} models`;
    if (
      modelCount > 0 &&
      !window.confirm(
        `Publish ${licenseLabel(name, values.version)}? ${moving} on this license move to it, and everyone with access must accept it before downloading again. The text can never be edited.`,
      )
    )
      return;
    setStatus(null);
    const result = await api("publishLicenseVersion", { params: { slug }, body: values });
    if (!result.ok) {
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields));
      return setStatus({ ok: false, text: result.error.message });
    }
    const { models, notified } = result.data;
    setStatus({
      ok: true,
      text: `${licenseLabel(name, values.version)} published; ${countOf(models.length, "model")} moved to it, ${countOf(notified, "e-mail")} queued.`,
    });
    reset();
    router.refresh();
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={`New version of ${name}`}>
      <Stack gap="xs">
        <Controller
          control={control}
          name="version"
          render={({ field, fieldState }) => (
            <TextInput
              label={`New version of ${name}`}
              description="e.g. 2.0"
              required
              maxLength={maxLengthOf(ZPublishLicenseVersionInput.shape.version)}
              autoComplete="off"
              {...field}
              error={fieldState.error?.message}
              style={{ maxWidth: 240 }}
            />
          )}
        />
        <Controller
          control={control}
          name="text"
          render={({ field, fieldState }) => (
            <Textarea
              label={`Text of the new version of ${name}`}
              required
              maxLength={maxLengthOf(ZPublishLicenseVersionInput.shape.text)}
              autosize
              minRows={4}
              maxRows={16}
              {...field}
              error={fieldState.error?.message}
            />
          )}
        />
        <StatusAlert status={status} />
        <Group>
          <Button type="submit" variant="light" loading={formState.isSubmitting}>
            Publish new version
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
