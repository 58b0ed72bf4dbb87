"use client";
// Mantine's polymorphic `component={Link}` passes a function, which a Server Component cannot
// hand to a Client Component; these wrappers make the link on the client side.
import { Anchor, Button, type AnchorProps, type ButtonProps } from "@mantine/core";
import Link from "next/link";
import type { ReactNode } from "react";

type LinkProps = { href: string; children: ReactNode; "data-testid"?: string; "aria-current"?: "page" };

export const AnchorLink = ({ href, children, ...props }: AnchorProps & LinkProps) => (
  <Anchor component={Link} href={href} {...props}>
    {children}
  </Anchor>
);

export const ButtonLink = ({ href, children, ...props }: ButtonProps & LinkProps) => (
  <Button component={Link} href={href} {...props}>
    {children}
  </Button>
);
