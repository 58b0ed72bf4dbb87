import { z } from "zod";
import { ZModelRouteParams } from "./catalog";

/**
 * Organisation names a model may not have. Hugging Face clients download from
 * `/{org}/{name}/resolve/…` at the root, which shares the URL space with the app's own pages:
 * every top-level segment of app/ (admin, models, account, api, sign-in), what Next.js and browsers
 * ask for at the root, the Hub's own top-level prefixes (its clients build `/datasets/…`, `/spaces/…`)
 * and pages we are likely to add. Keep in step with the CHECK in the `reserved_model_orgs` migration.
 */
export const reservedOrgs = [
  // app/ today
  "account",
  "admin",
  "api",
  "models",
  "sign-in",
  // Next.js, browsers and crawlers
  "_next",
  "static",
  "public",
  "assets",
  "favicon.ico",
  "robots.txt",
  "sitemap.xml",
  "manifest.json",
  "manifest.webmanifest",
  ".well-known",
  // the Hub's top-level prefixes
  "datasets",
  "spaces",
  "buckets",
  "collections",
  "papers",
  "organizations",
  "settings",
  "docs",
  "new",
  // likely pages
  "sign-out",
  "sign-up",
  "signin",
  "signout",
  "login",
  "logout",
  "register",
  "auth",
  "health",
  "review",
  "reviews",
  "playground",
  "downloads",
  "download",
  "licenses",
  "license",
  "tokens",
  "search",
  "orgs",
  "users",
  "user",
  "me",
  "help",
  "about",
  "terms",
  "privacy",
  "cli",
] as const;

const reserved = new Set<string>(reservedOrgs);

/** `org/name` of a new model: the slug rules, and an org that cannot shadow an app route. */
export const ZModelSlug = ZModelRouteParams.refine((s) => !reserved.has(s.org.toLowerCase()), {
  path: ["org"],
  message: "This name is reserved by the registry; choose another organisation name.",
});
export type TModelSlug = z.infer<typeof ZModelSlug>;
