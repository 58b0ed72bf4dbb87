import { Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInProviders } from "@/lib/auth/auth-options";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { safeCallbackPath } from "@/lib/schemas/auth";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SignInPage = async ({ searchParams }: Props) => {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <Card withBorder maw={440} mx="auto" padding="xl">
      <Stack>
        <div>
          <Title order={1} size="h2">
            Sign in
          </Title>
          <Text c="dimmed" size="sm">
            We e-mail you a link that signs you in. It works once and for 10 minutes. No password to remember.
          </Text>
        </div>
        <SignInForm callbackUrl={callbackUrl} providers={signInProviders()} />
      </Stack>
    </Card>
  );
};

export default SignInPage;
