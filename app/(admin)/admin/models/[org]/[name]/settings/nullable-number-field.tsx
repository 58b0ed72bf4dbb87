"use client";
import { NumberInput, type NumberInputProps } from "@mantine/core";
import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";

type Props<T extends FieldValues> = Omit<NumberInputProps, "value" | "onChange" | "onBlur" | "error" | "name"> & {
  control: Control<T>;
  name: Path<T>;
  /** Stored value per displayed unit (e.g. bytes per GiB); the field shows value / scale. */
  scale?: number;
};

/** A number setting where empty means "none" (null): no end date, no limit, unlimited. */
export const NullableNumberField = <T extends FieldValues>({ control, name, scale = 1, ...input }: Props<T>) => (
  <Controller
    control={control}
    name={name}
    render={({ field, fieldState }) => (
      <NumberInput
        {...input}
        value={field.value == null ? "" : (field.value as number) / scale}
        onChange={(v) => field.onChange(typeof v === "number" ? Math.round(v * scale) : null)}
        onBlur={field.onBlur}
        error={fieldState.error?.message}
      />
    )}
  />
);
