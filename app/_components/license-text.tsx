import { Code, ScrollAreaAutosize, Stack, Text, Typography } from "@mantine/core";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { licenseLabel } from "@/lib/common/license-label";

// A license's own headings sit under the page's: # becomes a level-3 heading, and so on.
const demoted: Components = {
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h5>{children}</h5>,
  h4: ({ children }) => <h6>{children}</h6>,
};

/**
 * The exact license text being accepted, with what identifies it (name, version, sha256). The text is
 * Markdown written by an admin: rendered with raw HTML stripped and URLs sanitised, as model cards are.
 */
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
    <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
      sha256 of this text: <Code data-testid="license-sha256">{sha256}</Code>
    </Text>
    {/* The scrolling box takes focus, so the keyboard can scroll the text too. */}
    <ScrollAreaAutosize
      mah={360}
      type="auto"
      offsetScrollbars
      viewportProps={{ tabIndex: 0, role: "region", "aria-label": licenseLabel(name, version) }}
    >
      <Typography
        data-testid="license-text"
        style={{ padding: 12, background: "var(--mantine-color-gray-0)", borderRadius: 6, fontSize: 14 }}
      >
        <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={demoted}>
          {text}
        </ReactMarkdown>
      </Typography>
    </ScrollAreaAutosize>
  </Stack>
);
