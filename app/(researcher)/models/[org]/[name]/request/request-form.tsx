"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Card, Group, Stack, Text } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { FingerprintNotice } from "@/app/_components/fingerprint-notice";
import { FormCheckbox } from "@/app/_components/form-checkbox";
import { LicenseText } from "@/app/_components/license-text";
import { useFocusFirstInvalid } from "@/app/_components/use-focus-first-invalid";
import { useHydrated } from "@/app/_components/use-hydrated";
import { api, modelRef } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import { buildAnswersSchema, type TFormField } from "@/lib/schemas/access-form";
import { requiredMessage } from "@/lib/schemas/field-messages";
import { AnswerField } from "./answer-field";

type Props = {
  slug: string;
  fields: TFormField[];
  license: { id: string; name: string; version: string; sha256: string; text: string };
  previousAnswers: Record<string, unknown> | null;
  /** The model gives each grantee an individually marked copy: said beside the license. */
  fingerprinting?: boolean;
};

const ACCEPT_LABEL = "I have read this license and accept its terms.";

const emptyValue = (f: TFormField) => (f.type === "checkbox" ? false : f.type === "multiselect" ? [] : "");

/** The access request: the model's own questions, then the license, accepted explicitly. */
export const RequestForm = ({ slug, fields, license, previousAnswers, fingerprinting = false }: Props) => {
  const router = useRouter();
  const schema = useMemo(() => buildAnswersSchema(fields), [fields]);
  const [agreed, setAgreed] = useState(false);
  const [agreeError, setAgreeError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, setError, formState } = useForm<Record<string, unknown>>({
    resolver: zodResolver(schema),
    defaultValues: Object.fromEntries(fields.map((f) => [f.name, previousAnswers?.[f.name] ?? emptyValue(f)])),
  });
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const hydrated = useHydrated();
  const checkAgreed = () => {
    setAgreeError(agreed ? null : requiredMessage(ACCEPT_LABEL, "tick"));
    return agreed;
  };
  const onSubmit = async (answers: Record<string, unknown>) => {
    setFailure(null);
    if (!checkAgreed()) return focusInvalid();
    const result = await api("submitAccessRequest", {
      params: modelRef(slug),
      body: { answers, licenseVersionId: license.id },
    });
    if (!result.ok) {
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields, "answers"));
      setFailure(result.error.message);
      return;
    }
    router.push(`/models/${slug}`);
    router.refresh();
  };
  return (
    <form
      ref={formRef}
      // Invalid answers: react-hook-form focuses the first through its refs; the license box is checked too.
      onSubmit={handleSubmit(onSubmit, checkAgreed)}
      noValidate
      aria-label="Access request"
    >
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
            <FormCheckbox
              label={ACCEPT_LABEL}
              required
              disabled={!hydrated}
              checked={agreed}
              error={agreeError}
              onChange={(e) => {
                setAgreed(e.currentTarget.checked);
                if (e.currentTarget.checked) setAgreeError(null);
              }}
            />
          </Stack>
        </Card>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={formState.isSubmitting} disabled={!hydrated}>
            Accept the license and submit the request
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
