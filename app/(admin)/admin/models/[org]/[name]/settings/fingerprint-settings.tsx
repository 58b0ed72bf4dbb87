"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Anchor, Button, Card, Group, List, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { Controller, useForm, useWatch } from "react-hook-form";
import { formatBytes } from "@/lib/format";
import {
  ZFingerprintSettingsInput,
  type TFingerprintSettingsInput,
  type TFingerprintSettingsOutput,
} from "@/lib/schemas/model-admin";
import { matchesAny } from "@/lib/common/glob";
import { useSaveSection } from "./use-save-section";
import { StatusAlert } from "@/app/_components/status-alert";

type VersionFile = { path: string; size: number };

// The files the worker can mark (lib/domain/fingerprint/make-fingerprint-copies.ts); others are served as they are.
const isWeightFile = (path: string) => /\.(onnx|safetensors)$/i.test(path) || /\.onnx_data$|\.onnx\.data$/i.test(path);

/** What one grantee's copy of the latest version costs with this glob: the marked files' bytes. */
const CostPreview = ({ files, glob, on }: { files: VersionFile[]; glob: string; on: boolean }) => {
  const weights = files.filter((f) => isWeightFile(f.path));
  const marked = weights.filter((f) => !glob.trim() || matchesAny(f.path, [glob.trim()]));
  const bytes = marked.reduce((sum, f) => sum + f.size, 0);
  if (!files.length)
    return (
      <Text size="sm" c="dimmed" data-testid="fingerprint-cost">
        No published files yet: the cost per grantee shows here once the latest version has files.
      </Text>
    );
  return (
    <Stack gap={4} data-testid="fingerprint-cost" data-bytes={bytes} data-files={marked.length}>
      <Text size="sm">
        {on ? "Each grantee costs" : "With fingerprinting on, each grantee would cost"}{" "}
        <strong>{formatBytes(bytes)}</strong> of storage for the latest version: {marked.length} of {weights.length}{" "}
        weight files marked.
      </Text>
      {glob.trim() && marked.length === 0 && (
        <Text size="sm" c="red" role="alert" data-testid="fingerprint-glob-empty">
          This glob matches no weight file of the latest version, so no copy would carry a mark.
        </Text>
      )}
      {marked.length > 0 && (
        <List size="xs" c="dimmed">
          {marked.slice(0, 8).map((f) => (
            <List.Item key={f.path}>
              {f.path} ({formatBytes(f.size)})
            </List.Item>
          ))}
          {marked.length > 8 && <List.Item>and {marked.length - 8} more</List.Item>}
        </List>
      )}
    </Stack>
  );
};

/** The fingerprinting switch and the glob of the files to mark, with the storage each grantee costs. */
export const FingerprintSettings = ({
  slug,
  canEdit,
  initial,
  latestFiles,
}: {
  slug: string;
  canEdit: boolean;
  initial: { fingerprinting: boolean; fingerprintPaths: string | null };
  latestFiles: VersionFile[];
}) => {
  const { control, handleSubmit, setError, formState } = useForm<
    TFingerprintSettingsInput,
    unknown,
    TFingerprintSettingsOutput
  >({
    resolver: zodResolver(ZFingerprintSettingsInput),
    defaultValues: { fingerprinting: initial.fingerprinting, fingerprintPaths: initial.fingerprintPaths ?? "" },
  });
  const [on, glob] = useWatch({ control, name: ["fingerprinting", "fingerprintPaths"] });
  const { status, save: onSubmit } = useSaveSection(slug, "the fingerprinting settings", setError);
  return (
    <Card withBorder component="section" aria-labelledby="fingerprint-heading" data-testid="fingerprint-settings">
      <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Fingerprinting settings">
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Title order={2} size="h3" id="fingerprint-heading">
              Fingerprinting
            </Title>
            <Text size="sm" c="dimmed">
              Each grantee receives their own copy of the weight files with a keyed, imperceptible mark, so a leaked
              file can be traced to its grant (<Anchor href="/admin/fingerprints/trace">Trace a file</Anchor>). A copy
              is made on the grant&apos;s first download of a version (the download waits a few seconds) and deleted
              when the grant ends. An open model (no requests, so no grants) serves no download while this is on: there
              would be no grant to trace a copy to.{" "}
              <Anchor href="/help/fingerprinted-copies" target="_blank">
                How it works
              </Anchor>
            </Text>
            <Controller
              control={control}
              name="fingerprinting"
              render={({ field }) => (
                <Switch
                  label="Give each grantee an individually marked copy"
                  checked={field.value}
                  onChange={(e) => field.onChange(e.currentTarget.checked)}
                  onBlur={field.onBlur}
                  name={field.name}
                  data-testid="fingerprint-switch"
                />
              )}
            />
            <Controller
              control={control}
              name="fingerprintPaths"
              render={({ field, fieldState }) => (
                <TextInput
                  label="Files to mark"
                  description="A glob on the file path, such as model-00001-of-*.safetensors to mark one shard of a large model; leave it empty to mark every weight file. Files it leaves out are served as the originals."
                  placeholder="every weight file"
                  {...field}
                  error={fieldState.error?.message}
                  data-testid="fingerprint-glob"
                />
              )}
            />
            <CostPreview files={latestFiles} glob={glob ?? ""} on={Boolean(on)} />
            <StatusAlert status={status} />
            {canEdit && (
              <Group>
                <Button type="submit" loading={formState.isSubmitting} data-testid="fingerprint-save">
                  Save fingerprinting
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
};
