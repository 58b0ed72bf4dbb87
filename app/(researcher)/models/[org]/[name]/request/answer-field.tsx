"use client";
import { Checkbox, MultiSelect, Select, TextInput, Textarea } from "@mantine/core";
import { Controller, type Control, type FieldErrors } from "react-hook-form";
import { countryOptions } from "@/lib/countries";
import type { TFormField } from "@/lib/schemas/access-form";

type Answers = Record<string, unknown>;

/** One question of a model's access form, rendered from its definition. */
export const AnswerField = ({
  field,
  control,
  errors,
}: {
  field: TFormField;
  control: Control<Answers>;
  errors: FieldErrors<Answers>;
}) => {
  const error = errors[field.name]?.message as string | undefined;
  const common = { label: field.label, description: field.help, required: field.required, error };
  return (
    <Controller
      control={control}
      name={field.name}
      render={({ field: f }) => {
        switch (field.type) {
          case "textarea":
            return (
              <Textarea
                {...common}
                autosize
                minRows={3}
                maxLength={field.maxLength}
                value={(f.value as string) ?? ""}
                onChange={f.onChange}
                onBlur={f.onBlur}
              />
            );
          case "select":
            return (
              <Select
                {...common}
                data={field.options ?? []}
                value={(f.value as string) || null}
                onChange={(v) => f.onChange(v ?? "")}
                onBlur={f.onBlur}
              />
            );
          case "multiselect":
            return (
              <MultiSelect
                {...common}
                data={field.options ?? []}
                value={(f.value as string[]) ?? []}
                onChange={f.onChange}
                onBlur={f.onBlur}
              />
            );
          case "country":
            return (
              <Select
                {...common}
                searchable
                data={countryOptions}
                value={(f.value as string) || null}
                onChange={(v) => f.onChange(v ?? "")}
                onBlur={f.onBlur}
              />
            );
          case "checkbox":
            return (
              <Checkbox
                label={field.label}
                description={field.help}
                error={error}
                checked={Boolean(f.value)}
                onChange={(e) => f.onChange(e.currentTarget.checked)}
              />
            );
          default:
            return (
              <TextInput
                {...common}
                type={field.type === "date" ? "date" : field.type === "url" ? "url" : "text"}
                maxLength={field.maxLength}
                value={(f.value as string) ?? ""}
                onChange={f.onChange}
                onBlur={f.onBlur}
              />
            );
        }
      }}
    />
  );
};
