import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccessPanel } from "@/app/_components/access-panel";
import { FingerprintNotice } from "@/app/_components/fingerprint-notice";
import { Markdown } from "@/app/_components/markdown";
import { AccessBox } from "./access-box";
import { FilesCard } from "./files-card";
import { getRequestForm } from "@/lib/domain/access/get-request-form";
import { getAccessState } from "@/lib/domain/access/get-access-state";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getModel } from "@/lib/domain/catalog/get-model";
import { orNotFound } from "@/lib/http/or-not-found";
import { gatingHelp, gatingLabel } from "@/lib/format";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { licenseLabel } from "@/lib/common/license-label";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string }> };

const load = async (params: Props["params"]) => {
  const parsed = ZModelRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const caller = await getCurrentUser();
  const [model, access, form] = await orNotFound(
    Promise.all([
      getModel(caller, parsed.data),
      getAccessState(caller, parsed.data),
      getRequestForm(caller, parsed.data),
    ]),
  );
  return { ...model, access, form };
};

export const generateMetadata = async ({ params }: Props): Promise<Metadata> => {
  const model = await load(params);
  return { title: model.title, description: model.summary };
};

const ModelPage = async ({ params }: Props) => {
  const model = await load(params);
  const { access, form } = model;
  // The one-step box: for anonymous visitors (to read first), and wherever accepting (and maybe a request) is the next step.
  const boxShown =
    access.code === "SIGN_IN_REQUIRED" ||
    access.canRequest ||
    (access.code === "LICENSE_NOT_ACCEPTED" && (model.gating === "OPEN" || access.request?.status === "APPROVED"));
  const files = model.latestVersion?.files ?? [];
  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" c="dimmed" ff="monospace">
          {model.slug}
        </Text>
        <Title order={1}>{model.title}</Title>
        <Text c="dimmed">{model.summary}</Text>
        <Group gap={6} mt="xs">
          <Badge variant="light">{model.task}</Badge>
          <Badge variant="outline">{gatingLabel[model.gating]}</Badge>
          <Badge variant="outline" color="gray" data-testid="license-badge">
            {licenseLabel(model.currentLicenseVersion.license.name, model.currentLicenseVersion.version)}
          </Badge>
          {model.fingerprinting && (
            <Badge variant="outline" color="grape" data-testid="fingerprint-badge">
              Individually marked copies
            </Badge>
          )}
        </Group>
        {model.fingerprinting && (
          <div style={{ marginTop: 4 }}>
            <FingerprintNotice compact />
          </div>
        )}
      </div>

      <Text size="sm" c="dimmed">
        {gatingHelp[model.gating]}
      </Text>
      <AccessPanel state={access} />
      <AccessBox
        shown={boxShown}
        slug={model.slug}
        gating={model.gating}
        signInUrl={access.code === "SIGN_IN_REQUIRED" ? (access.action ?? "/sign-in") : null}
        fields={access.canRequest || access.code === "SIGN_IN_REQUIRED" ? form.fields : []}
        license={form.license}
        missingProfile={access.canRequest ? form.missingProfile : []}
      />
      {model.playgroundEnabled && (
        <Group>
          {/* A plain link, not a client-side navigation: only a full page load applies the playground's cross-origin isolation headers. */}
          <Button component="a" href={`/models/${model.slug}/try`} variant="light" data-testid="try-it">
            Try it in the browser
          </Button>
        </Group>
      )}

      <FilesCard model={model} access={access} files={files} />

      <Card withBorder component="article" aria-label="Model card">
        <Markdown source={model.cardMarkdown || "_This model has no card yet._"} />
      </Card>
    </Stack>
  );
};

export default ModelPage;
