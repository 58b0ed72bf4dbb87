"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { fieldTypes, ZFormDefinition, type TFormDefinition } from "@/lib/schemas/access-form";
import { ZFormEditorInput, type TFormEditorInput } from "@/lib/schemas/model-admin";
import { FormPreview } from "./form-preview";
import { fieldErrors, saveSettings, type Status } from "./save-settings";
import { StatusAlert } from "@/app/_components/status-alert";

const typeLabels: Record<(typeof fieldTypes)[number], string> = {
  text: "Short text",
  textarea: "Long text",
  select: "One choice from a list",
  multiselect: "Several choices from a list",
  checkbox: "Checkbox (yes / no)",
  country: "Country",
  date: "Date",
  url: "Web address (URL)",
};
const typeOptions = fieldTypes.map((t) => ({ value: t, label: typeLabels[t] }));
const hasOptions = (type: string | undefined) => type === "select" || type === "multiselect";

/** What is saved: no empty help text, options only on choice fields (so an unchanged form compares equal). */
const cleaned = (fields: TFormEditorInput["fields"]) =>
  fields.map(({ help, options, ...f }) => ({
    ...f,
    ...(help?.trim() ? { help: help.trim() } : {}),
    ...(hasOptions(f.type) ? { options } : {}),
  }));

type Props = { slug: string; initial: TFormDefinition; formVersion: number; storedInvalid: boolean; canEdit: boolean };

/**
 * The extra questions applicants answer: add, remove, reorder, choose type, label, required and
 * options. Saving a changed list bumps the form version; earlier answers keep theirs.
 */
export const AccessFormEditor = ({ slug, initial, formVersion, storedInvalid, canEdit }: Props) => {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const { control, handleSubmit, setError, formState } = useForm<TFormEditorInput>({
    resolver: zodResolver(ZFormEditorInput),
    defaultValues: { fields: initial },
  });
  const { fields, append, remove, move } = useFieldArray({ control, name: "fields" });
  const watched = useWatch({ control, name: "fields" }) ?? [];
  const preview = ZFormDefinition.safeParse(cleaned(watched));
  const listError = formState.errors.fields?.root?.message ?? formState.errors.fields?.message;

  const add = () => {
    const taken = new Set(watched.map((f) => f.name));
    let n = watched.length + 1;
    while (taken.has(`question_${n}`)) n += 1;
    append({ name: `question_${n}`, type: "text", label: "", required: false });
  };
  const onSubmit = async ({ fields: values }: TFormEditorInput) => {
    setStatus(null);
    const result = await saveSettings(slug, { formDefinition: cleaned(values) });
    if (!result.ok) {
      for (const [name, message] of fieldErrors(result.error, (k) =>
        k.startsWith("formDefinition.") ? `fields.${k.slice("formDefinition.".length)}` : null,
      ))
        setError(name as Path<TFormEditorInput>, { message });
      return setStatus({
        ok: false,
        text: [result.error.message, ...(result.error.fields?.formDefinition ?? [])].join(" "),
      });
    }
    const { changed, formVersion: v } = result.data;
    setStatus({
      ok: true,
      text: changed.length
        ? `Access form saved as version ${v}. Requests made earlier keep the version they answered.`
        : "No changes to save in the access form.",
    });
    router.refresh();
  };

  return (
    <Card withBorder component="section" aria-labelledby="form-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Access form">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <div>
              <Title order={2} size="h3" id="form-heading">
                Access form
              </Title>
              <Text size="sm" c="dimmed" data-testid="form-version">
                Questions applicants answer besides their profile · version {formVersion}
              </Text>
            </div>
            {storedInvalid && (
              <Alert color="yellow" role="alert">
                The stored form definition is not valid any more; save a new one to replace it.
              </Alert>
            )}
            {fields.length === 0 && (
              <Text size="sm" c="dimmed" data-testid="form-empty">
                No extra questions: applicants only share their profile and accept the license.
              </Text>
            )}
            {fields.map((f, i) => (
              <Card key={f.id} withBorder padding="sm" data-testid="form-field">
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Text fw={600} size="sm">
                      Question {i + 1}
                    </Text>
                    {canEdit && (
                      <Group gap={4}>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => move(i, i - 1)}
                          disabled={i === 0}
                          aria-label={`Move question ${i + 1} up`}
                        >
                          Up
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => move(i, i + 1)}
                          disabled={i === fields.length - 1}
                          aria-label={`Move question ${i + 1} down`}
                        >
                          Down
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => remove(i)}
                          aria-label={`Remove question ${i + 1}`}
                        >
                          Remove
                        </Button>
                      </Group>
                    )}
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Controller
                      control={control}
                      name={`fields.${i}.label`}
                      render={({ field, fieldState }) => (
                        <TextInput
                          label={`Question ${i + 1} text`}
                          required
                          maxLength={200}
                          {...field}
                          value={field.value ?? ""}
                          error={fieldState.error?.message}
                        />
                      )}
                    />
                    <Controller
                      control={control}
                      name={`fields.${i}.name`}
                      render={({ field, fieldState }) => (
                        <TextInput
                          label={`Question ${i + 1} key`}
                          description="Stored with each answer: a-z, 0-9 and _"
                          required
                          maxLength={40}
                          {...field}
                          value={field.value ?? ""}
                          error={fieldState.error?.message}
                        />
                      )}
                    />
                    <Controller
                      control={control}
                      name={`fields.${i}.type`}
                      render={({ field, fieldState }) => (
                        <Select
                          label={`Question ${i + 1} type`}
                          allowDeselect={false}
                          data={typeOptions}
                          value={field.value ?? null}
                          onChange={field.onChange}
                          onBlur={field.onBlur}
                          error={fieldState.error?.message}
                        />
                      )}
                    />
                    <Controller
                      control={control}
                      name={`fields.${i}.help`}
                      render={({ field, fieldState }) => (
                        <TextInput
                          label={`Question ${i + 1} help text`}
                          maxLength={500}
                          {...field}
                          value={field.value ?? ""}
                          error={fieldState.error?.message}
                        />
                      )}
                    />
                  </SimpleGrid>
                  {hasOptions(watched[i]?.type) && (
                    <Controller
                      control={control}
                      name={`fields.${i}.options`}
                      render={({ field, fieldState }) => (
                        <TagsInput
                          label={`Question ${i + 1} options`}
                          description="Type an option and press Enter"
                          value={field.value ?? []}
                          onChange={field.onChange}
                          onBlur={field.onBlur}
                          error={fieldState.error?.message}
                        />
                      )}
                    />
                  )}
                  <Controller
                    control={control}
                    name={`fields.${i}.required`}
                    render={({ field }) => (
                      <Checkbox
                        label={`Question ${i + 1} is required`}
                        checked={Boolean(field.value)}
                        onChange={(e) => field.onChange(e.currentTarget.checked)}
                      />
                    )}
                  />
                </Stack>
              </Card>
            ))}
            {listError && (
              <Text size="sm" c="red" role="alert">
                {listError}
              </Text>
            )}
            <StatusAlert status={status} />
            {canEdit && (
              <Group>
                <Button variant="light" onClick={add} disabled={fields.length >= 50}>
                  Add question
                </Button>
                <Button type="submit" loading={formState.isSubmitting}>
                  Save access form
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
      {preview.success && preview.data.length > 0 && <FormPreview fields={preview.data} />}
    </Card>
  );
};
