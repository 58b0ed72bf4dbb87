"use client";
import { Alert, Button, Group, Stack } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormCheckbox } from "@/app/_components/form-checkbox";
import { useFocusFirstInvalid } from "@/app/_components/use-focus-first-invalid";
import { useHydrated } from "@/app/_components/use-hydrated";
import { api, modelRef } from "@/lib/client/api-client";
import { requiredMessage } from "@/lib/schemas/field-messages";

const ACCEPT_LABEL = "I have read this license and accept its terms.";

/** Explicit acceptance of one license version: the required box must be ticked, or the form says so. */
export const AcceptLicenseForm = ({ slug, licenseVersionId }: { slug: string; licenseVersionId: string }) => {
  const router = useRouter();
  const [agreeError, setAgreeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const hydrated = useHydrated();
  const accept = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Read from the form itself: the box is uncontrolled, so what the user ticked is what counts.
    const agreed = (e.currentTarget.elements.namedItem("accept") as HTMLInputElement | null)?.checked ?? false;
    if (!agreed) {
      setAgreeError(requiredMessage(ACCEPT_LABEL, "tick"));
      return focusInvalid();
    }
    setBusy(true);
    setError(null);
    const result = await api("acceptLicense", { params: modelRef(slug), body: { licenseVersionId } });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.push(`/models/${slug}`);
    router.refresh();
  };
  return (
    <form ref={formRef} onSubmit={accept} noValidate aria-label="Accept the license">
      <Stack>
        <FormCheckbox
          label={ACCEPT_LABEL}
          required
          disabled={!hydrated}
          name="accept"
          error={agreeError}
          onChange={(e) => {
            if (e.currentTarget.checked) setAgreeError(null);
          }}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} disabled={!hydrated}>
            Accept the license
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
