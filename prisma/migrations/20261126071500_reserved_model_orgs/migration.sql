-- manual: model organisations that would shadow a root-level app route (lib/schemas/model-slug.ts
-- reservedOrgs, kept in step by lib/schemas/model-slug.test.ts). Hugging Face clients download from
-- /{org}/{name}/resolve/..., which shares the URL space with the app pages, so no path (form, ops,
-- seed, SQL) may create such a model.
ALTER TABLE "Model"
  ADD CONSTRAINT "Model_org_not_reserved"
  CHECK (lower("org") NOT IN ('account', 'admin', 'api', 'models', 'sign-in', '_next', 'static', 'public', 'assets', 'favicon.ico', 'robots.txt', 'sitemap.xml', 'manifest.json', 'manifest.webmanifest', '.well-known', 'datasets', 'spaces', 'buckets', 'collections', 'papers', 'organizations', 'settings', 'docs', 'new', 'sign-out', 'sign-up', 'signin', 'signout', 'login', 'logout', 'register', 'auth', 'health', 'review', 'reviews', 'playground', 'downloads', 'download', 'licenses', 'license', 'tokens', 'search', 'orgs', 'users', 'user', 'me', 'help', 'about', 'terms', 'privacy', 'cli'));
