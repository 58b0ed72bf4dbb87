"use client";
import { Button } from "@mantine/core";
import { signOut } from "next-auth/react";
import { useState } from "react";

export const SignOutButton = () => {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      loading={busy}
      onClick={() => {
        setBusy(true);
        void signOut({ callbackUrl: "/" });
      }}
    >
      Sign out
    </Button>
  );
};
