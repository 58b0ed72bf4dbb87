import { Alert, Stack, Text, Title } from "@mantine/core";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getFileInspections } from "@/lib/domain/files/get-file-inspections";
import { OnnxInspection } from "./onnx-inspection";
import { SafetensorsInspection } from "./safetensors-inspection";

/**
 * What the inspect job read from the latest version's `.onnx` / `.safetensors` files, one block per
 * file; nothing at all when no file has been inspected. Loads its own data (the caller is cached
 * per request), so the Files card only has to place it.
 */
export const FileInspections = async ({ slug }: { slug: string }) => {
  const [org = "", name = ""] = slug.split("/");
  const rows = await getFileInspections(await getCurrentUser(), { org, name });
  if (rows.length === 0) return null;
  return (
    <Stack gap="md" component="section" aria-labelledby="inspection-heading" data-testid="file-inspections">
      <Title order={3} size="h4" id="inspection-heading">
        Model details
      </Title>
      {rows.map(({ path, inspection }) => (
        <Stack key={path} gap={6} data-testid="file-inspection" data-path={path}>
          <Text fw={600} ff="monospace" size="sm">
            {path}
          </Text>
          {"error" in inspection ? (
            <Alert variant="light" color="yellow" data-testid="inspection-error">
              <Text size="sm">
                This {inspection.kind === "onnx" ? "ONNX" : "safetensors"} file could not be inspected:{" "}
                {inspection.error}
              </Text>
            </Alert>
          ) : inspection.kind === "onnx" ? (
            <OnnxInspection path={path} inspection={inspection} />
          ) : (
            <SafetensorsInspection path={path} inspection={inspection} />
          )}
        </Stack>
      ))}
    </Stack>
  );
};
