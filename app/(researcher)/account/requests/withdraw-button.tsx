import { ConfirmDeleteButton } from "@/app/_components/confirm-delete-button";

export const WithdrawButton = ({ requestId }: { requestId: string }) => (
  <ConfirmDeleteButton
    url={`/api/v1/me/access-requests/${requestId}`}
    label="Withdraw"
    confirm="Withdraw this request?"
  />
);
