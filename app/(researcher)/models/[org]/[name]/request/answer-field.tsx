"use client";
import { MultiSelect, Select, TextInput, Textarea } from "@mantine/core";
import { Controller, type Control, type FieldErrors } from "react-hook-form";
import { countryOptions } from "@/lib/countries";
import { FormCheckbox } from "@/app/_components/form-checkbox";
import { maxLengthOfField, type TFormField } from "@/lib/schemas/access-form";

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
                maxLength={maxLengthOfField(field)}
                value={(f.value as string) ?? ""}
                onChange={f.onChange}
                onBlur={f.onBlur}
                ref={f.ref}
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
                ref={f.ref}
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
                ref={f.ref}
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
                ref={f.ref}
              />
            );
          case "checkbox":
            return (
              <FormCheckbox
                label={field.label}
                description={field.help}
                required={field.required}
                error={error}
                ref={f.ref}
                checked={Boolean(f.value)}
                onChange={(e) => f.onChange(e.currentTarget.checked)}
                onBlur={f.onBlur}
              />
            );
          default:
            return (
              <TextInput
                {...common}
                type={field.type === "date" ? "date" : field.type === "url" ? "url" : "text"}
                maxLength={maxLengthOfField(field)}
                value={(f.value as string) ?? ""}
                onChange={f.onChange}
                onBlur={f.onBlur}
                ref={f.ref}
              />
            );
        }
      }}
    />
  );
};
