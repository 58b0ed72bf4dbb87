import { Card, Text } from "@mantine/core";

/**
 * UPLOAD PANEL SLOT — rendered on a DRAFT version's page for admins only. The uploads work replaces
 * this body with its `<UploadPanel versionId={versionId} … />` (browser multipart uploads); until
 * then files arrive through the API or the CLI and show in the list below.
 */
export const UploadSlot = ({ versionId, slug, versionName }: { versionId: string; slug: string; versionName: string }) => (
  <Card withBorder padding="md" data-testid="upload-slot" data-version-id={versionId}>
    <Text size="sm" c="dimmed">
      Files for {slug}@{versionName} are added here once uploads are available; the list below shows each file&apos;s status.
    </Text>
  </Card>
);
