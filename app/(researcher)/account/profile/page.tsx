import { Card, Stack, Text, Title } from "@mantine/core";
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
          Reviewers see this with your requests. Your e-mail ({profile.email.value}) is verified by signing in; an ORCID iD is verified when you sign in
          through ORCID; everything else is self-declared.
        </Text>
      </div>
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
          marks={{ name: "self-declared", affiliation: "self-declared", position: "self-declared", country: "self-declared", orcid: profile.orcid.value ? profile.orcid.verification : undefined }}
        />
      </Card>
    </Stack>
  );
};

export default ProfilePage;
