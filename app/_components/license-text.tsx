import { Code, ScrollAreaAutosize, Stack, Text } from "@mantine/core";
import { licenseLabel } from "@/lib/shared/license-label";

/** The exact license text being accepted, with what identifies it (name, version, sha256). */
export const LicenseText = ({
  name,
  version,
  sha256,
  text,
}: {
  name: string;
  version: string;
  sha256: string;
  text: string;
}) => (
  <Stack gap="xs">
    <Text fw={600}>{licenseLabel(name, version)}</Text>
    <Text size="xs" c="dimmed">
      sha256 of this text: <Code data-testid="license-sha256">{sha256}</Code>
    </Text>
    <ScrollAreaAutosize mah={360} type="auto" offsetScrollbars>
      <Text
        component="pre"
        size="sm"
        data-testid="license-text"
        style={{
          whiteSpace: "pre-wrap",
          fontFamily: "inherit",
          margin: 0,
          padding: 12,
          background: "var(--mantine-color-gray-0)",
          borderRadius: 6,
        }}
      >
        {text}
      </Text>
    </ScrollAreaAutosize>
  </Stack>
);
