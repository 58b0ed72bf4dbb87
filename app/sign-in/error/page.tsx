import { ButtonLink } from "@/app/_components/links";
import { Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign-in problem" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** next-auth's error codes, in words a person can act on. */
const explanations: Record<string, { title: string; text: string }> = {
  Verification: {
    title: "This sign-in link no longer works",
    text: "Sign-in links work once and expire after 10 minutes. This one has been used already or has expired. Ask for a new one.",
  },
  AccessDenied: {
    title: "This account cannot sign in",
    text: "The account is suspended. Contact the registry's administrators.",
  },
  OAuthAccountNotLinked: {
    title: "Use the method you signed up with",
    text: "An account with this e-mail address exists, created with another sign-in method. Sign in with that method, or with an e-mail link.",
  },
  Configuration: {
    title: "Sign-in is not available right now",
    text: "The server's sign-in settings are incomplete. Please try again later.",
  },
};
const fallback = { title: "Sign-in failed", text: "Something went wrong while signing you in. Please try again." };

const SignInErrorPage = async ({ searchParams }: Props) => {
  const code = (await searchParams).error;
  const { title, text } = (typeof code === "string" && explanations[code]) || fallback;
  return (
    <Card withBorder maw={480} mx="auto" padding="xl">
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text>{text}</Text>
        <ButtonLink href="/sign-in">Get a new sign-in link</ButtonLink>
      </Stack>
    </Card>
  );
};

export default SignInErrorPage;
