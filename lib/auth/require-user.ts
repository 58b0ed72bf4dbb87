import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser } from "./get-current-user";

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export const requireUser = async (returnTo: string) => {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
};
