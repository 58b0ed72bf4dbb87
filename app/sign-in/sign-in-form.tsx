"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Divider, Stack, TextInput } from "@mantine/core";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { formatWait } from "@/lib/format";
import { ZSignInInput, type TSignInInput } from "@/lib/schemas/auth";

/** What to tell the user for next-auth's `error` (the route sends `RateLimited:<seconds>` when over the limit). */
const failureText = (error: string | null | undefined) => {
  const limited = /^RateLimited:(\d+)$/.exec(error ?? "");
  if (limited) return `Too many sign-in e-mails were asked for. Try again in ${formatWait(Number(limited[1]))}.`;
  if (error === "AccessDenied") return "This account cannot sign in.";
  return "We could not send the link. Please try again.";
};

type Props = { callbackUrl: string; providers: { id: string; name: string }[] };

export const SignInForm = ({ callbackUrl, providers }: Props) => {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<TSignInInput>({ resolver: zodResolver(ZSignInInput) });

  const onSubmit = async ({ email }: TSignInInput) => {
    setFailure(null);
    const result = await signIn("email", { email, callbackUrl, redirect: false });
    if (!result || result.error) {
      setFailure(failureText(result?.error));
      return;
    }
    router.push(`/sign-in/check-email?email=${encodeURIComponent(email)}`);
  };

  return (
    <Stack>
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Sign in with e-mail">
        <Stack>
          <TextInput
            label="E-mail address"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            placeholder="you@university.edu"
            error={formState.errors.email?.message}
            {...register("email")}
          />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Button type="submit" loading={formState.isSubmitting}>
            E-mail me a sign-in link
          </Button>
        </Stack>
      </form>
      {providers.length > 0 && (
        <>
          <Divider label="or" labelPosition="center" />
          {providers.map((p) => (
            <Button key={p.id} variant="default" onClick={() => void signIn(p.id, { callbackUrl })}>
              Continue with {p.name}
            </Button>
          ))}
        </>
      )}
    </Stack>
  );
};
