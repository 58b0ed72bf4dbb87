"use client";
import { Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AnchorLink } from "@/app/_components/links";
import { formatDate } from "@/lib/format";
import { saveSettings, type Status } from "./save-settings";
import { licenseLabel } from "@/lib/common/license-label";
import { StatusAlert } from "@/app/_components/status-alert";

export type LicenseOption = {
  name: string;
  slug: string;
  versions: { id: string; version: string; publishedAt: string }[];
};
type Current = { versionId: string; name: string; version: string; sha256: string; publishedAt: string };

/**
 * The license version the model is distributed under. Moving to another one makes every grantee
 * accept it before their next download (they are e-mailed), so the change asks for confirmation.
 */
export const LicenseSettings = ({
  slug,
  current,
  licenses,
  canEdit,
}: {
  slug: string;
  current: Current;
  licenses: LicenseOption[];
  canEdit: boolean;
}) => {
  const router = useRouter();
  const [choice, setChoice] = useState<string | null>(current.versionId);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const data = licenses.map((l) => ({
    group: l.name,
    items: l.versions.map((v, i) => ({
      value: v.id,
      label: `${licenseLabel(l.name, v.version)} (${formatDate(v.publishedAt)}${i === 0 ? ", latest" : ""})`,
    })),
  }));
  const chosen = licenses.flatMap((l) => l.versions.map((v) => ({ ...v, name: l.name }))).find((v) => v.id === choice);

  const move = async () => {
    if (!chosen || chosen.id === current.versionId) return;
    if (
      !window.confirm(
        `Move ${slug} to ${licenseLabel(chosen.name, chosen.version)}? Everyone with access must accept it before their next download; they are e-mailed.`,
      )
    )
      return;
    setStatus(null);
    setBusy(true);
    const result = await saveSettings(slug, { currentLicenseVersionId: chosen.id });
    setBusy(false);
    if (!result.ok)
      return setStatus({ ok: false, text: result.error.fields?.currentLicenseVersionId?.[0] ?? result.error.message });
    const n = result.data.notified;
    setStatus({
      ok: true,
      text: `Moved to ${licenseLabel(chosen.name, chosen.version)}. ${n === 1 ? "1 person was" : `${n} people were`} asked to accept it.`,
    });
    router.refresh();
  };

  return (
    <Card withBorder component="section" aria-labelledby="license-heading">
      <Stack>
        <Title order={2} size="h3" id="license-heading">
          License
        </Title>
        <Text size="sm" data-testid="current-license">
          Distributed under <strong>{licenseLabel(current.name, current.version)}</strong>, published{" "}
          {formatDate(current.publishedAt)}{" "}
          <Text span size="xs" c="dimmed" ff="monospace">
            sha256 {current.sha256.slice(0, 12)}…
          </Text>
        </Text>
        {canEdit && (
          <>
            <Group align="flex-end">
              <Select
                label="License version"
                searchable
                allowDeselect={false}
                data={data}
                value={choice}
                onChange={setChoice}
                style={{ flex: 1, minWidth: 280 }}
              />
              <Button onClick={move} loading={busy} disabled={!chosen || chosen.id === current.versionId}>
                Move to this version
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Publishing a new version of a license moves every model on it at once: see{" "}
              <AnchorLink href="/admin/licenses" size="xs">
                Licenses
              </AnchorLink>
              .
            </Text>
          </>
        )}
        <StatusAlert status={status} />
      </Stack>
    </Card>
  );
};
