"use client";
import { Checkbox, type CheckboxProps } from "@mantine/core";

/**
 * A checkbox that shows it is required the way text inputs do (an asterisk after the label) and
 * tells assistive technology when it is required or invalid, so the first-invalid focus finds it.
 */
export const FormCheckbox = ({ required, label, error, ...props }: CheckboxProps) => (
  <Checkbox
    {...props}
    error={error}
    aria-required={required || undefined}
    aria-invalid={error ? true : undefined}
    label={
      required ? (
        <>
          {label}
          <span
            className="mantine-InputWrapper-required"
            aria-hidden="true"
            style={{ color: "var(--mantine-color-error)" }}
          >
            {" "}
            *
          </span>
        </>
      ) : (
        label
      )
    }
  />
);
