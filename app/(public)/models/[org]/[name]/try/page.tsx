import { Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessPanel } from "@/app/_components/access-panel";
import { FingerprintNotice } from "@/app/_components/fingerprint-notice";
import { AnchorLink } from "@/app/_components/links";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import { getModel } from "@/lib/domain/catalog/get-model";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { Playground } from "./playground";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string }> };

const load = async (params: Props["params"]) => {
  const parsed = ZModelRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const caller = await getCurrentUser();
  const [model, access] = await orNotFound(
    Promise.all([getModel(caller, parsed.data), getAccessState(caller, parsed.data)]),
  );
  // A model without a playground has no such page; its own page still offers the download.
  if (!model.playgroundEnabled) notFound();
  return { model, access, ref: parsed.data };
};

export const generateMetadata = async ({ params }: Props): Promise<Metadata> => {
  const { model } = await load(params);
  return { title: `Try ${model.title}` };
};

/**
 * The in-browser playground. The page itself carries no URL: the client starts a session through
 * the API, which runs the download gate again; callers who do not pass it see the gate's next step.
 */
const TryPage = async ({ params }: Props) => {
  const { model, access, ref } = await load(params);
  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" c="dimmed" ff="monospace">
          <AnchorLink href={`/models/${model.slug}`}>{model.slug}</AnchorLink>
        </Text>
        <Title order={1}>Try {model.title}</Title>
        <Text c="dimmed">
          Runs in your browser: the weights are downloaded under your grant, checked against their sha256 and never
          leave this device.
        </Text>
        {model.fingerprinting && <FingerprintNotice compact />}
      </div>
      {access.code === "GRANTED" ? (
        <Playground org={ref.org} name={ref.name} task={model.task} />
      ) : (
        <AccessPanel state={access} />
      )}
    </Stack>
  );
};

export default TryPage;
