import { Typography } from "@mantine/core";
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/** Model cards are publisher-written Markdown: rendered with raw HTML stripped and URLs sanitised. */
export const Markdown = ({ source }: { source: string }) => (
  <Typography>
    <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
      {source}
    </ReactMarkdown>
  </Typography>
);
