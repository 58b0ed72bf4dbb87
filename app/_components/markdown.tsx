import { Typography } from "@mantine/core";
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

type HastNode = { type: string; tagName?: string; children?: HastNode[] };

/**
 * Shifts every heading one level down (h1 → h2 … h5 → h6): the page around the Markdown has its own
 * h1, and a page has one. Runs after sanitising, on the tree rehype-sanitize returns.
 */
const demoteHeadings = () => (tree: HastNode) => {
  const visit = (node: HastNode) => {
    const level = node.type === "element" ? /^h([1-6])$/.exec(node.tagName ?? "")?.[1] : undefined;
    if (level) node.tagName = `h${Math.min(6, Number(level) + 1)}`;
    node.children?.forEach(visit);
  };
  visit(tree);
};

/** Model cards are publisher-written Markdown: rendered with raw HTML stripped and URLs sanitised. */
export const Markdown = ({ source }: { source: string }) => (
  <Typography>
    <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize, demoteHeadings]}>
      {source}
    </ReactMarkdown>
  </Typography>
);
