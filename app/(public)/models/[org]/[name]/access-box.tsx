"use client";
import { Alert, Button, Card, Checkbox, Group, List, ListItem, Select, Stack, Text, TextInput } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { AnswerField } from "@/app/(researcher)/models/[org]/[name]/request/answer-field";
import { LicenseText } from "@/app/_components/license-text";
import { ButtonLink } from "@/app/_components/links";
import { api, modelRef, type ApiData } from "@/lib/client/api-client";
import { countryOptions } from "@/lib/countries";
import type { TFormField } from "@/lib/schemas/access-form";

type ProfileField = "name" | "affiliation" | "position" | "country";
const profileLabels: Record<ProfileField, { label: string; max: number }> = {
  name: { label: "Full name", max: 120 },
  affiliation: { label: "Affiliation (institution or company)", max: 200 },
  position: { label: "Position", max: 120 },
  country: { label: "Country", max: 2 },
};

type Props = {
  slug: string;
  gating: "OPEN" | "AUTO" | "MANUAL";
  /** null: nobody is signed in; the box shows what will be asked, and the way to sign in. */
  signInUrl: string | null;
  fields: TFormField[];
  license: { id: string; name: string; version: string; sha256: string; text: string };
  missingProfile: ProfileField[];
  /**
   * Whether the form is offered now. The page keeps the box mounted either way, so that the outcome of
   * a submission stays in place after the page refreshes into its new state (pending, granted).
   */
  shown: boolean;
};
type Outcome = ApiData<"requestAccessInOneStep">;
type Values = Record<string, unknown>;

const emptyValue = (f: TFormField) => (f.type === "checkbox" ? false : f.type === "multiselect" ? [] : "");

/**
 * "Agree and access": what the profile lacks, the model's questions and the license in one form,
 * submitted once; the outcome shows here. Anonymous visitors read the license and the questions first.
 */
export const AccessBox = ({ slug, gating, signInUrl, fields, license, missingProfile, shown }: Props) => {
  const router = useRouter();
  const [agreed, setAgreed] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const { control, handleSubmit, register, setError, clearErrors, formState } = useForm<Values>({
    defaultValues: {
      answers: Object.fromEntries(fields.map((f) => [f.name, emptyValue(f)])),
      profile: Object.fromEntries(missingProfile.map((f) => [f, ""])),
    },
  });
  const errorOf = (key: string) =>
    (formState.errors as Record<string, Record<string, { message?: string }>>)[key.split(".")[0]!]?.[key.split(".")[1]!]
      ?.message;

  if (signInUrl)
    return (
      <Card withBorder data-testid="access-box" data-signed-in="false">
        <Stack>
          <Text fw={600}>{gating === "OPEN" ? "Accept the license to download" : "Request access"}</Text>
          {fields.length > 0 && (
            <div>
              <Text size="sm">The request form asks:</Text>
              <List size="sm" data-testid="access-box-questions">
                {fields.map((f) => (
                  <ListItem key={f.name}>
                    {f.label}
                    {f.required ? " (required)" : ""}
                    {f.help ? ` — ${f.help}` : ""}
                  </ListItem>
                ))}
              </List>
            </div>
          )}
          <LicenseText {...license} />
          <Group>
            <ButtonLink href={signInUrl} data-testid="access-box-sign-in">
              {gating === "OPEN" ? "Sign in and accept the license" : "Sign in to request access"}
            </ButtonLink>
          </Group>
        </Stack>
      </Card>
    );

  const onSubmit = async (values: Values) => {
    setFailure(null);
    const profile = Object.fromEntries(
      Object.entries({ ...(values.profile as Record<string, string>), country: country ?? "" }).filter(
        ([k, v]) => v !== "" && missingProfile.includes(k as ProfileField),
      ),
    );
    const result = await api("requestAccessInOneStep", {
      params: modelRef(slug),
      body: { profile, answers: values.answers ?? {}, licenseVersionId: license.id },
    });
    if (!result.ok) {
      const fieldErrors = Object.entries(result.error.fields ?? {});
      for (const [key, messages] of fieldErrors) setError(key, { message: messages[0] }, { shouldFocus: true });
      setFailure(result.error.message);
      return;
    }
    setOutcome(result.data);
    router.refresh();
  };

  if (outcome)
    return (
      <Alert
        color={outcome.granted ? "teal" : outcome.code === "REQUEST_PENDING" ? "blue" : "yellow"}
        title={outcome.granted ? "Access granted" : outcome.code === "REQUEST_PENDING" ? "Request sent" : "Not yet"}
        role="status"
        data-testid="access-box-outcome"
        data-code={outcome.code}
      >
        {outcome.granted ? "You have access: download the files below." : outcome.message}
      </Alert>
    );
  if (!shown) return null;

  return (
    <Card withBorder data-testid="access-box" data-signed-in="true">
      <form
        // The server's field errors from the last try are set by hand (some fields are not registered, the
        // country picker): react-hook-form would keep them and never submit again, so each try starts clean.
        onSubmit={(e) => {
          clearErrors();
          return handleSubmit(onSubmit)(e);
        }}
        noValidate
        aria-label="Agree and access"
      >
        <Stack>
          <Text fw={600}>{gating === "OPEN" ? "Accept the license to download" : "Request access"}</Text>
          {missingProfile.length > 0 && (
            <Stack gap="xs">
              <Text size="sm">Your profile needs these once; reviewers see them with your request.</Text>
              {missingProfile.map((f) =>
                f === "country" ? (
                  <Select
                    key={f}
                    label={profileLabels[f].label}
                    required
                    searchable
                    data={countryOptions}
                    value={country}
                    onChange={setCountry}
                    error={errorOf("profile.country")}
                  />
                ) : (
                  <TextInput
                    key={f}
                    label={profileLabels[f].label}
                    required
                    maxLength={profileLabels[f].max}
                    error={errorOf(`profile.${f}`)}
                    {...register(`profile.${f}`)}
                  />
                ),
              )}
            </Stack>
          )}
          {fields.map((f) => (
            <AnswerField
              key={f.name}
              field={{ ...f, name: `answers.${f.name}` }}
              control={control}
              errors={{ [`answers.${f.name}`]: { type: "server", message: errorOf(`answers.${f.name}`) } }}
            />
          ))}
          <LicenseText {...license} />
          <Checkbox
            label="I have read this license and accept its terms."
            checked={agreed}
            onChange={(e) => setAgreed(e.currentTarget.checked)}
          />
          {failure && (
            <Alert color="red" role="alert" data-testid="access-box-failure">
              {failure}
            </Alert>
          )}
          <Group>
            <Button type="submit" disabled={!agreed} loading={formState.isSubmitting} data-testid="access-box-submit">
              {gating === "MANUAL" ? "Agree and request access" : "Agree and access"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
};
