"use client";
import { NumberInput, Select, SimpleGrid, Stack, Switch, TextInput, Textarea } from "@mantine/core";
import { Controller, type Control } from "react-hook-form";
import { gatingHelp, gatingLabel } from "@/lib/format";
import { gatingModes, ZGeneralSettingsInput, type TGeneralSettingsInput } from "@/lib/schemas/model-admin";
import { NullableNumberField } from "./nullable-number-field";
import { maxLengthOf } from "@/lib/schemas/max-length";

const GIB = 1024 ** 3;

const gatingOptions = gatingModes.map((g) => ({ value: g, label: `${gatingLabel[g]} — ${gatingHelp[g]}` }));
const visibilityOptions = [
  { value: "PRIVATE", label: "Private — only admins and its reviewers see it" },
  { value: "PUBLIC", label: "Public — listed in the catalog" },
];

/** The settings a model is created with and edited by (title, task, gating, visibility, durations, playground). */
export const GeneralFields = ({ control }: { control: Control<TGeneralSettingsInput> }) => (
  <Stack>
    <Controller
      control={control}
      name="title"
      render={({ field, fieldState }) => (
        <TextInput
          label="Title"
          required
          maxLength={maxLengthOf(ZGeneralSettingsInput.shape.title)}
          {...field}
          value={field.value ?? ""}
          error={fieldState.error?.message}
        />
      )}
    />
    <Controller
      control={control}
      name="summary"
      render={({ field, fieldState }) => (
        <Textarea
          label="Summary"
          description="One or two sentences for the catalog (at most 500 characters)"
          maxLength={maxLengthOf(ZGeneralSettingsInput.shape.summary)}
          autosize
          minRows={2}
          {...field}
          value={field.value ?? ""}
          error={fieldState.error?.message}
        />
      )}
    />
    <Controller
      control={control}
      name="task"
      render={({ field, fieldState }) => (
        <TextInput
          label="Task"
          description="A task id such as text-generation or image-classification"
          required
          maxLength={maxLengthOf(ZGeneralSettingsInput.shape.task)}
          {...field}
          value={field.value ?? ""}
          error={fieldState.error?.message}
        />
      )}
    />
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Controller
        control={control}
        name="gating"
        render={({ field, fieldState }) => (
          <Select
            label="Gating"
            required
            allowDeselect={false}
            data={gatingOptions}
            value={field.value ?? null}
            onChange={(v) => field.onChange(v)}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
      <Controller
        control={control}
        name="visibility"
        render={({ field, fieldState }) => (
          <Select
            label="Visibility"
            required
            allowDeselect={false}
            data={visibilityOptions}
            value={field.value ?? null}
            onChange={(v) => field.onChange(v)}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
      <NullableNumberField
        control={control}
        name="grantDurationDays"
        label="Grant duration (days)"
        description="How long an approval lasts by default; empty: no end date"
        min={1}
        max={3650}
        allowDecimal={false}
      />
      <NullableNumberField
        control={control}
        name="downloadQuotaFiles"
        label="Download quota per grant (files)"
        description="Default for every grant; empty: unlimited. A reviewer can set a grant's own."
        min={1}
        allowDecimal={false}
      />
      <NullableNumberField
        control={control}
        name="downloadQuotaBytes"
        label="Download quota per grant (GiB)"
        description="Bytes of the files a grant may download; empty: unlimited"
        min={0.001}
        decimalScale={3}
        scale={GIB}
      />
      <Controller
        control={control}
        name="requestCooldownDays"
        render={({ field, fieldState }) => (
          <NumberInput
            label="Request cooldown (days)"
            description="How long a rejected applicant waits before asking again"
            required
            min={0}
            max={365}
            allowDecimal={false}
            value={field.value ?? ""}
            onChange={(v) => field.onChange(typeof v === "number" ? v : undefined)}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
    </SimpleGrid>
    <Controller
      control={control}
      name="playgroundEnabled"
      render={({ field, fieldState }) => (
        <Switch
          label="Playground"
          description="Approved researchers may try the model in the browser"
          checked={Boolean(field.value)}
          onChange={(e) => field.onChange(e.currentTarget.checked)}
          onBlur={field.onBlur}
          error={fieldState.error?.message}
        />
      )}
    />
  </Stack>
);
