// GET /api/v1/me/profile - the caller's profile with verified / self-declared marks
// PUT /api/v1/me/profile - save it (422 with per-field messages)
import { apiRoute, readJson } from "@/lib/http/api-route";
import { getProfile } from "@/lib/domain/profile/get-profile";
import { updateProfile } from "@/lib/domain/profile/update-profile";

export const GET = apiRoute(async ({ caller }) => ({ profile: await getProfile(caller) }));

// The domain function parses the body with ZProfileInput.
export const PUT = apiRoute(async ({ req, caller }) => ({
  profile: await updateProfile(caller, await readJson(req)),
}));
