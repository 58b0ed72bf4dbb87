import { ConfirmDeleteButton } from "@/app/_components/confirm-delete-button";

/** Revokes one token after a confirmation; it stops working at once. */
export const RevokeTokenButton = ({ id, name }: { id: string; name: string }) => (
  <ConfirmDeleteButton
    operation="revokeApiToken"
    params={{ id }}
    label="Revoke"
    ariaLabel={`Revoke ${name}`}
    confirm={`Revoke the token "${name}"? Anything using it stops working at once.`}
  />
);
