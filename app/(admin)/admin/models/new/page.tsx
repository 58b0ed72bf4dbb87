import { Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { AnchorLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { listLicenses } from "@/lib/domain/licenses/list-licenses";
import { orNotFound } from "@/lib/http/or-not-found";
import { CreateModelForm } from "./create-model-form";

export const metadata: Metadata = { title: "New model" };
export const dynamic = "force-dynamic";

/** Admins create a model here; for anyone else the page does not exist. */
const NewModelPage = async () => {
  const caller = await requireUser("/admin/models/new");
  const { licenses } = await orNotFound(listLicenses(caller));
  const choices = licenses.flatMap((l) =>
    l.versions[0] ? [{ slug: l.slug, name: l.name, latestVersion: l.versions[0].version }] : [],
  );
  return (
    <Stack>
      <Title order={1}>New model</Title>
      {choices.length === 0 ? (
        <Card withBorder padding="xl" data-testid="no-licenses">
          <Text fw={600}>No licenses yet.</Text>
          <Text size="sm" c="dimmed">
            Every model is distributed under a license: <AnchorLink href="/admin/licenses">create one first</AnchorLink>
            .
          </Text>
        </Card>
      ) : (
        <CreateModelForm licenses={choices} />
      )}
    </Stack>
  );
};

export default NewModelPage;
