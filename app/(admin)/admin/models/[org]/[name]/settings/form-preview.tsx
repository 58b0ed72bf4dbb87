"use client";
import { Card, Stack, Text } from "@mantine/core";
import { useForm } from "react-hook-form";
import { AnswerField } from "@/app/(researcher)/models/[org]/[name]/request/answer-field";
import type { TFormField } from "@/lib/schemas/access-form";

const Preview = ({ fields }: { fields: TFormField[] }) => {
  const { control, formState } = useForm<Record<string, unknown>>();
  return (
    <Stack>
      {fields.map((f) => (
        <AnswerField key={f.name} field={f} control={control} errors={formState.errors} />
      ))}
    </Stack>
  );
};

/** The questions as applicants will see them on the request page (the same component renders them). */
export const FormPreview = ({ fields }: { fields: TFormField[] }) => (
  <Card withBorder mt="md" bg="gray.0" role="region" aria-label="Preview of the access form" data-testid="form-preview">
    <Text fw={600} size="sm" mb="xs">
      Preview: what applicants see
    </Text>
    {/* Remounted on every change of the definition, so each input matches its current type. */}
    <Preview key={JSON.stringify(fields)} fields={fields} />
  </Card>
);
