import { UploadPanel } from "./upload-panel";

/** Rendered on a DRAFT version's page for admins only: browser multipart uploads into it. */
export const UploadSlot = ({ slug, versionName }: { versionId: string; slug: string; versionName: string }) => (
  <UploadPanel slug={slug} versionName={versionName} />
);
