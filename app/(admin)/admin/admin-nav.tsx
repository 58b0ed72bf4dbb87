"use client";
import { Group } from "@mantine/core";
import { usePathname } from "next/navigation";
import { AnchorLink } from "@/app/_components/links";

export type AdminSection = { href: string; label: string };

/** The review section's sub-navigation; the section of the current address is marked (aria-current). */
export const AdminNav = ({ sections }: { sections: AdminSection[] }) => {
  const pathname = usePathname();
  return (
    <Group gap="lg" component="nav" aria-label="Review" wrap="wrap">
      {sections.map((s) => {
        const current = pathname === s.href || pathname.startsWith(`${s.href}/`);
        return (
          <AnchorLink
            key={s.href}
            href={s.href}
            size="sm"
            fw={current ? 700 : undefined}
            underline={current ? "always" : undefined}
            aria-current={current ? "page" : undefined}
          >
            {s.label}
          </AnchorLink>
        );
      })}
    </Group>
  );
};
