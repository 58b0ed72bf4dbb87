"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Checkbox, Group, Stack, Text } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { FingerprintNotice } from "@/app/_components/fingerprint-notice";
import { LicenseText } from "@/app/_components/license-text";
import { callApi } from "@/lib/client/call-api";
import { buildAnswersSchema, type TFormField } from "@/lib/schemas/access-form";
import { AnswerField } from "./answer-field";

type Props = {
  slug: string;
  fields: TFormField[];
  license: { id: string; name: string; version: string; sha256: string; text: string };
  previousAnswers: Record<string, unknown> | null;
  /** The model gives each grantee an individually marked copy: said beside the license. */
  fingerprinting?: boolean;
};

const emptyValue = (f: TFormField) => (f.type === "checkbox" ? false : f.type === "multiselect" ? [] : "");

/** The access request: the model's own questions, then the license, accepted explicitly. */
export const RequestForm = ({ slug, fields, license, previousAnswers, fingerprinting = false }: Props) => {
  const router = useRouter();
  const schema = useMemo(() => buildAnswersSchema(fields), [fields]);
  const [agreed, setAgreed] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, setError, formState } = useForm<Record<string, unknown>>({
    resolver: zodResolver(schema),
    defaultValues: Object.fromEntries(fields.map((f) => [f.name, previousAnswers?.[f.name] ?? emptyValue(f)])),
  });
  const onSubmit = async (answers: Record<string, unknown>) => {
    setFailure(null);
    const result = await callApi<{ request: { status: string } }>(`/api/v1/models/${slug}/access-requests`, {
      method: "POST",
      body: { answers, licenseVersionId: license.id },
    });
    if (!result.ok) {
      for (const [key, messages] of Object.entries(result.error.fields ?? {}))
        if (key.startsWith("answers.")) setError(key.slice("answers.".length), { message: messages[0] });
      setFailure(result.error.message);
      return;
    }
    router.push(`/models/${slug}`);
    router.refresh();
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Access request">
      <Stack>
        {fields.length > 0 && (
          <Card withBorder>
            <Stack>
              <Text fw={600}>About your use</Text>
              {fields.map((f) => (
                <AnswerField key={f.name} field={f} control={control} errors={formState.errors} />
              ))}
            </Stack>
          </Card>
        )}
        <Card withBorder>
          <Stack>
            <LicenseText {...license} />
            {fingerprinting && <FingerprintNotice />}
            <Checkbox
              label="I have read this license and accept its terms."
              checked={agreed}
              onChange={(e) => setAgreed(e.currentTarget.checked)}
            />
          </Stack>
        </Card>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button type="submit" disabled={!agreed} loading={formState.isSubmitting}>
            Accept the license and submit the request
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
