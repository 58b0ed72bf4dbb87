import { Alert, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getRequestForm } from "@/lib/domain/access/get-request-form";
import { orNotFound } from "@/lib/http/or-not-found";
import { gatingHelp } from "@/lib/format";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { RequestForm } from "./request-form";

export const metadata: Metadata = { title: "Request access" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ org: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const RequestPage = async ({ params, searchParams }: Props) => {
  const ref = ZModelRouteParams.safeParse(await params);
  if (!ref.success) notFound();
  const path = `/models/${ref.data.org}/${ref.data.name}`;
  const caller = await requireUser(`${path}/request`);
  const from = (await searchParams).from;
  const data = await orNotFound(
    getRequestForm(caller, ref.data, { fromRequestId: typeof from === "string" ? from : undefined }),
  );
  const { state, model } = data;
  if (model.gating === "OPEN") redirect(`${path}/license`);
  if (state.code === "PROFILE_INCOMPLETE" && state.action) redirect(state.action);
  return (
    <Stack maw={760}>
      <div>
        <AnchorLink href={path} size="sm" data-testid="back-to-model">
          ← {model.title}
        </AnchorLink>
        <Title order={1}>Request access to {model.title}</Title>
        <Text c="dimmed" size="sm">
          {gatingHelp[model.gating]}
        </Text>
      </div>
      {state.canRequest ? (
        <RequestForm
          slug={model.slug}
          fields={data.fields}
          license={data.license}
          previousAnswers={data.previousAnswers}
          fingerprinting={model.fingerprinting}
        />
      ) : state.code === "GRANTED" ? (
        <Alert color="teal" title="You have access to this model">
          <Stack gap="xs">
            <Text size="sm">No request is needed: the files can be downloaded from the model page.</Text>
            <div>
              <ButtonLink href={path} size="xs" variant="light">
                Go to {model.title}
              </ButtonLink>
            </div>
          </Stack>
        </Alert>
      ) : (
        <Alert color="yellow" title="You cannot make a new request now">
          <Stack gap="xs">
            <Text size="sm">{state.message}</Text>
            {state.action && (
              <div>
                <ButtonLink href={state.action} size="xs" variant="light">
                  Next step
                </ButtonLink>
              </div>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
};

export default RequestPage;
