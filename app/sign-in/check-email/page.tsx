import { AnchorLink } from "@/app/_components/links";
import { Anchor, Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Check your e-mail" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const CheckEmailPage = async ({ searchParams }: Props) => {
  const email = (await searchParams).email;
  return (
    <Card withBorder maw={480} mx="auto" padding="xl">
      <Stack>
        <Title order={1} size="h2">
          Check your e-mail
        </Title>
        <Text>
          We sent a sign-in link{typeof email === "string" && email ? ` to ${email}` : ""}. Open it within 10 minutes,
          on this device or another one. It works once.
        </Text>
        {env.MAIL_INBOX_URL && (
          <Text size="sm">
            This portal runs with its local mail inbox:{" "}
            <Anchor href={env.MAIL_INBOX_URL} target="_blank" rel="noreferrer">
              open the inbox
            </Anchor>
            .
          </Text>
        )}
        <Text size="sm" c="dimmed">
          No mail after a minute? Look in your spam folder, or{" "}
          <AnchorLink href="/sign-in">ask for a new link</AnchorLink>.
        </Text>
      </Stack>
    </Card>
  );
};

export default CheckEmailPage;
