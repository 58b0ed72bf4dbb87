"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Title,
} from "@mantine/core";
import { Controller, useForm, useWatch } from "react-hook-form";
import { countryOptions } from "@/lib/countries";
import { ZRulesInput, type TRulesInput, type TRulesOutput } from "@/lib/schemas/model-admin";
import { NullableNumberField } from "./nullable-number-field";
import { RulesPreview } from "./rules-preview";
import { useSaveSection } from "./use-save-section";
import { StatusAlert } from "@/app/_components/status-alert";

const otherwiseOptions = [
  { value: "MANUAL", label: "send to a reviewer" },
  { value: "REJECT", label: "reject" },
];
const orcidOptions = [
  { value: "", label: "Not required" },
  { value: "DECLARED", label: "An ORCID iD in the profile" },
  { value: "VERIFIED", label: "A verified ORCID iD (signed in with ORCID)" },
];

type Props = { slug: string; initial: TRulesOutput; gating: "OPEN" | "AUTO" | "MANUAL"; canEdit: boolean };

/**
 * The auto-approval rules: blocked countries, ORCID, e-mail domains (wildcards), a daily cap per
 * domain; with a live preview of what they decide for a sample applicant.
 */
export const RulesEditor = ({ slug, initial, gating, canEdit }: Props) => {
  const { control, handleSubmit, setError, formState } = useForm<TRulesInput, unknown, TRulesOutput>({
    resolver: zodResolver(ZRulesInput),
    defaultValues: initial,
  });
  const values = useWatch({ control });
  const parsed = ZRulesInput.safeParse(values);
  const domainErrors = formState.errors.emailDomains?.allow;
  const domainError =
    domainErrors?.message ?? (Array.isArray(domainErrors) ? domainErrors.find((e) => e?.message)?.message : undefined);

  const { status, save } = useSaveSection(slug, "the rules", setError, (k) =>
    k.startsWith("rules.") ? k.slice("rules.".length) : null,
  );
  const onSubmit = (rules: TRulesOutput) => save({ rules });

  return (
    <Card withBorder component="section" aria-labelledby="rules-heading">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Auto-approval rules">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <div>
              <Title order={2} size="h3" id="rules-heading">
                Access rules
              </Title>
              <Text size="sm" c="dimmed">
                Checked in this order when a request is submitted; the first rule that does not pass decides. Only
                models with automatic approval approve on rules alone.
              </Text>
            </div>
            <Controller
              control={control}
              name="blockedCountries"
              render={({ field, fieldState }) => (
                <MultiSelect
                  label="Blocked countries"
                  description="Researchers who declare one of these countries get no access"
                  searchable
                  data={countryOptions}
                  value={field.value ?? []}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="orcid"
              render={({ field }) => (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="ORCID iD required"
                    allowDeselect={false}
                    data={orcidOptions}
                    value={field.value?.require ?? ""}
                    onChange={(v) =>
                      field.onChange(v ? { require: v, otherwise: field.value?.otherwise ?? "MANUAL" } : null)
                    }
                  />
                  {field.value && (
                    <Select
                      label="Without it"
                      allowDeselect={false}
                      data={otherwiseOptions}
                      value={field.value.otherwise ?? "MANUAL"}
                      onChange={(v) => field.onChange({ ...field.value, otherwise: v ?? "MANUAL" })}
                    />
                  )}
                </SimpleGrid>
              )}
            />
            <Controller
              control={control}
              name="emailDomains"
              render={({ field }) => (
                <Stack gap="xs">
                  <Switch
                    label="Approve automatically only for some e-mail domains"
                    checked={field.value != null}
                    onChange={(e) =>
                      field.onChange(e.currentTarget.checked ? { allow: [], otherwise: "MANUAL" } : null)
                    }
                  />
                  {field.value && (
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TagsInput
                        label="Allowed e-mail domains"
                        description="example.org matches itself only; *.edu any domain ending in .edu. Press Enter after each."
                        value={field.value.allow ?? []}
                        onChange={(allow) => field.onChange({ ...field.value, allow })}
                        error={domainError}
                      />
                      <Select
                        label="Other domains"
                        allowDeselect={false}
                        data={otherwiseOptions}
                        value={field.value.otherwise ?? "MANUAL"}
                        onChange={(v) => field.onChange({ ...field.value, otherwise: v ?? "MANUAL" })}
                      />
                    </SimpleGrid>
                  )}
                </Stack>
              )}
            />
            <NullableNumberField
              control={control}
              name="dailyAutoApprovalsPerDomain"
              label="Automatic approvals per e-mail domain per day"
              description="Past this many in a UTC day, requests from that domain go to a reviewer; empty: no limit"
              min={1}
              allowDecimal={false}
            />
            <StatusAlert status={status} />
            {canEdit && (
              <Group>
                <Button type="submit" loading={formState.isSubmitting}>
                  Save rules
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
      <RulesPreview gating={gating} rules={parsed.success ? parsed.data : null} />
    </Card>
  );
};
