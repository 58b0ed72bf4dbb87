import { Group, Text, Title } from "@mantine/core";
import { AnchorLink } from "@/app/_components/links";

const tabs = [
  { key: "dashboard", label: "Dashboard", path: "" },
  { key: "settings", label: "Settings", path: "/settings" },
  { key: "versions", label: "Versions", path: "/versions" },
] as const;

/** The header of a model's admin pages: slug, title and the links between them. */
export const ModelTabs = ({
  slug,
  title,
  current,
  subtitle,
}: {
  slug: string;
  title: string;
  current: (typeof tabs)[number]["key"];
  subtitle?: string;
}) => (
  <div>
    <Text size="sm" c="dimmed" ff="monospace">
      {slug}
      {subtitle ? ` · ${subtitle}` : ""}
    </Text>
    <Title order={1}>{title}</Title>
    <Group gap="lg" mt="xs" component="nav" aria-label="Model administration">
      {tabs.map((t) => (
        <AnchorLink
          key={t.key}
          href={`/admin/models/${slug}${t.path}`}
          size="sm"
          fw={t.key === current ? 700 : 400}
          aria-current={t.key === current ? "page" : undefined}
        >
          {t.label}
        </AnchorLink>
      ))}
    </Group>
  </div>
);
