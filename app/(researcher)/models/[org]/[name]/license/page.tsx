import { Alert, Card, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FingerprintNotice } from "@/app/_components/fingerprint-notice";
import { LicenseText } from "@/app/_components/license-text";
import { AnchorLink, ButtonLink } from "@/app/_components/links";
import { requireUser } from "@/lib/auth/require-user";
import { getRequestForm } from "@/lib/domain/access/get-request-form";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { AcceptLicenseForm } from "./accept-license-form";

export const metadata: Metadata = { title: "Accept the license" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string }> };

const LicensePage = async ({ params }: Props) => {
  const ref = ZModelRouteParams.safeParse(await params);
  if (!ref.success) notFound();
  const path = `/models/${ref.data.org}/${ref.data.name}`;
  const caller = await requireUser(`${path}/license`);
  const data = await orNotFound(getRequestForm(caller, ref.data));
  const { state, model, license } = data;
  return (
    <Stack maw={760}>
      <div>
        <AnchorLink href={path} size="sm" data-testid="back-to-model">
          ← {model.title}
        </AnchorLink>
        <Title order={1}>License for {model.title}</Title>
        <Text c="dimmed" size="sm">
          Read the full text. Your acceptance is recorded with this exact version and its sha256, the time, your address
          and your browser.
        </Text>
      </div>
      {state.code === "GRANTED" ? (
        <Alert color="teal" title="You have accepted this version already">
          <ButtonLink href={path} size="xs" variant="light">
            Go to {model.title}
          </ButtonLink>
        </Alert>
      ) : state.code !== "LICENSE_NOT_ACCEPTED" ? (
        <Alert color="yellow" title="Not yet">
          {state.message}
        </Alert>
      ) : null}
      <Card withBorder>
        <Stack>
          <LicenseText {...license} />
          {model.fingerprinting && <FingerprintNotice />}
          {state.code === "LICENSE_NOT_ACCEPTED" && (
            <AcceptLicenseForm slug={model.slug} licenseVersionId={license.id} />
          )}
        </Stack>
      </Card>
    </Stack>
  );
};

export default LicensePage;
