import { Alert, Stack } from "@mantine/core";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { listLicenses } from "@/lib/domain/licenses/list-licenses";
import { getModelSettings } from "@/lib/domain/models/get-model-settings";
import { pick } from "@/lib/common/pick";
import { gatingLabel } from "@/lib/format";
import { orNotFound } from "@/lib/http/or-not-found";
import { ZModelRouteParams } from "@/lib/schemas/catalog";
import { ZGeneralSettingsInput } from "@/lib/schemas/model-admin";
import { ModelTabs } from "../model-tabs";
import { AccessFormEditor } from "./access-form-editor";
import { CardEditor } from "./card-editor";
import { FingerprintSettings } from "./fingerprint-settings";
import { GeneralSettingsForm } from "./general-settings-form";
import { LicenseSettings } from "./license-settings";
import { RulesEditor } from "./rules-editor";

export const metadata: Metadata = { title: "Model settings" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ org: string; name: string }> };

/** Everything about a model but its versions: admins edit, the model's reviewers read. */
const ModelSettingsPage = async ({ params }: Props) => {
  const parsed = ZModelRouteParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { org, name } = parsed.data;
  const caller = await requireUser(`/admin/models/${org}/${name}/settings`);
  const { canEdit, model } = await orNotFound(getModelSettings(caller, parsed.data));
  const licenses = canEdit ? (await listLicenses(caller)).licenses : [];

  return (
    <Stack gap="lg">
      <ModelTabs
        slug={model.slug}
        title={model.title}
        current="settings"
        subtitle={`${gatingLabel[model.gating]} · ${model.visibility.toLowerCase()}`}
      />
      {!canEdit && (
        <Alert color="blue" data-testid="read-only">
          You review this model: you can read its settings, only admins change them.
        </Alert>
      )}
      <GeneralSettingsForm
        slug={model.slug}
        canEdit={canEdit}
        initial={pick(model, ZGeneralSettingsInput.keyof().options)}
      />
      <LicenseSettings
        slug={model.slug}
        canEdit={canEdit}
        current={{
          versionId: model.license.versionId,
          name: model.license.name,
          version: model.license.version,
          sha256: model.license.sha256,
          publishedAt: model.license.publishedAt.toISOString(),
        }}
        licenses={licenses.map((l) => ({
          name: l.name,
          slug: l.slug,
          versions: l.versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.publishedAt.toISOString() })),
        }))}
      />
      <FingerprintSettings
        slug={model.slug}
        canEdit={canEdit}
        initial={{ fingerprinting: model.fingerprinting, fingerprintPaths: model.fingerprintPaths }}
        latestFiles={model.latestVersion?.files ?? []}
      />
      <CardEditor slug={model.slug} canEdit={canEdit} initial={model.cardMarkdown} />
      <AccessFormEditor
        slug={model.slug}
        canEdit={canEdit}
        initial={model.formDefinition}
        formVersion={model.formVersion}
        storedInvalid={model.formDefinitionInvalid}
      />
      <RulesEditor slug={model.slug} canEdit={canEdit} initial={model.rules} gating={model.gating} />
    </Stack>
  );
};

export default ModelSettingsPage;
