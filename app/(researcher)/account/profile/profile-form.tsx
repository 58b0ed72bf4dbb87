"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { api } from "@/lib/client/api-client";
import { fieldErrorsFromApi, setFormErrors } from "@/lib/client/form-errors";
import { countryOptions } from "@/lib/countries";
import { maxLengthOf } from "@/lib/schemas/max-length";
import { ZProfileInput, type TProfileInput } from "@/lib/schemas/profile";
import { StatusAlert } from "@/app/_components/status-alert";

const max = (key: keyof typeof ZProfileInput.shape) => maxLengthOf(ZProfileInput.shape[key]);

/** The researcher profile form: the schema the server uses checks it here first. */
export const ProfileForm = ({ initial, next }: { initial: TProfileInput; next: string | null }) => {
  const router = useRouter();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<TProfileInput>({
    resolver: zodResolver(ZProfileInput),
    defaultValues: initial,
  });
  const onSubmit = async (values: TProfileInput) => {
    setStatus(null);
    const result = await api("updateProfile", { body: values });
    if (!result.ok) {
      // Focus goes to the first invalid field through react-hook-form's refs, here and on a client-side refusal.
      setFormErrors(setError, fieldErrorsFromApi(result.error.fields));
      setStatus({ ok: false, text: result.error.message });
      return;
    }
    setStatus({ ok: true, text: "Profile saved." });
    router.refresh();
    if (next) router.push(next);
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Profile">
      <Stack>
        <TextInput
          label="Full name"
          required
          autoComplete="name"
          maxLength={max("name")}
          error={formState.errors.name?.message}
          {...register("name")}
        />
        <TextInput
          label="Affiliation"
          description="Your university, institute or company"
          required
          autoComplete="organization"
          maxLength={max("affiliation")}
          error={formState.errors.affiliation?.message}
          {...register("affiliation")}
        />
        <TextInput
          label="Position"
          description="e.g. PhD student, research scientist"
          required
          autoComplete="organization-title"
          maxLength={max("position")}
          error={formState.errors.position?.message}
          {...register("position")}
        />
        <Controller
          control={control}
          name="country"
          render={({ field }) => (
            <Select
              label="Country"
              required
              searchable
              data={countryOptions}
              value={field.value || null}
              onChange={(v) => field.onChange(v ?? "")}
              onBlur={field.onBlur}
              ref={field.ref}
              error={formState.errors.country?.message}
            />
          )}
        />
        <TextInput
          label="ORCID iD"
          description="0000-0000-0000-0000 (optional)"
          maxLength={40}
          error={formState.errors.orcid?.message}
          {...register("orcid")}
        />
        <TextInput
          label="Website"
          description="optional"
          type="url"
          maxLength={max("website")}
          error={formState.errors.website?.message}
          {...register("website")}
        />
        <StatusAlert status={status} />
        <Group>
          <Button type="submit" loading={formState.isSubmitting}>
            {next ? "Save and continue" : "Save profile"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
};
