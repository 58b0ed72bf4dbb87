import { Alert, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ButtonLink } from "@/app/_components/links";
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

/** States in which a (new) request can be made. */
const canRequest = new Set(["REQUEST_REQUIRED", "GRANT_EXPIRED", "GRANT_REVOKED", "REQUEST_REJECTED"]);

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
  const open = canRequest.has(state.code) && state.action === `${path}/request`;
  return (
    <Stack maw={760}>
      <div>
        <Title order={1}>Request access to {model.title}</Title>
        <Text c="dimmed" size="sm">
          {gatingHelp[model.gating]}
        </Text>
      </div>
      {open ? (
        <RequestForm
          slug={model.slug}
          fields={data.fields}
          license={data.license}
          previousAnswers={data.previousAnswers}
          fingerprinting={model.fingerprinting}
        />
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
