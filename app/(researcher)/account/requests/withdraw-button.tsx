import { ConfirmDeleteButton } from "@/app/_components/confirm-delete-button";

export const WithdrawButton = ({ requestId }: { requestId: string }) => (
  <ConfirmDeleteButton
    operation="withdrawAccessRequest"
    params={{ id: requestId }}
    label="Withdraw"
    confirm="Withdraw this request?"
  />
);
