import { Code, ScrollAreaAutosize, Stack, Text } from "@mantine/core";

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
    <Text fw={600}>
      {name}, version {version}
    </Text>
    <Text size="xs" c="dimmed">
      sha256 of this text: <Code data-testid="license-sha256">{sha256}</Code>
    </Text>
    {/* The scrolling box takes focus, so the keyboard can scroll the text too. */}
    <ScrollAreaAutosize
      mah={360}
      type="auto"
      offsetScrollbars
      viewportProps={{ tabIndex: 0, role: "region", "aria-label": `${name}, version ${version}` }}
    >
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
