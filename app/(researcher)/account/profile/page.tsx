import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { getProfile } from "@/lib/domain/profile/get-profile";
import { safeCallbackPath } from "@/lib/schemas/auth";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Your profile" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ProfilePage = async ({ searchParams }: Props) => {
  const profile = await getProfile(await requireUser("/account/profile"));
  const next = (await searchParams).next;
  return (
    <Stack maw={640}>
      <div>
        <Title order={1}>Your profile</Title>
        <Text c="dimmed" size="sm">
          Reviewers see this with your requests. Your e-mail ({profile.email.value}) is verified by signing in; an ORCID
          iD is verified when you sign in through ORCID; everything else is self-declared.
        </Text>
      </div>
      <Group gap="xs" aria-label="How your details are known">
        <Badge color="teal" variant="light">
          e-mail {profile.emailDomain.value}: {profile.email.verification}
        </Badge>
        {profile.orcid.value && (
          <Badge color={profile.orcid.verification === "verified" ? "teal" : "gray"} variant="light">
            ORCID: {profile.orcid.verification}
          </Badge>
        )}
        {/* Long: it wraps on a phone instead of ending in an ellipsis. */}
        <Badge color="gray" variant="light" h="auto" styles={{ label: { whiteSpace: "normal", overflow: "visible" } }}>
          name, affiliation, position, country, website: self-declared
        </Badge>
      </Group>
      {!profile.isComplete && (
        <Text size="sm" fw={500}>
          Name, affiliation, position and country are needed before your first access request.
        </Text>
      )}
      <Card withBorder>
        <ProfileForm
          next={next ? safeCallbackPath(next) : null}
          initial={{
            name: profile.name.value ?? "",
            affiliation: profile.affiliation.value ?? "",
            position: profile.position.value ?? "",
            country: profile.country.value ?? "",
            orcid: profile.orcid.value ?? "",
            website: profile.website.value ?? "",
          }}
        />
      </Card>
    </Stack>
  );
};

export default ProfilePage;
