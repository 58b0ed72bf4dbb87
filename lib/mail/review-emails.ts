import { renderEmail } from "./render-email";

const footer =
  "You receive this because you review access requests on this registry. Choose a mail per request, a daily digest or none under Review → Models.";

/** To a reviewer who asked for a mail per request. */
export const newRequestEmail = ({
  appUrl,
  modelTitle,
  slug,
  requestId,
  applicant,
}: {
  appUrl: string;
  modelTitle: string;
  slug: string;
  requestId: string;
  applicant: string;
}) =>
  renderEmail({
    subject: `New access request for ${slug}`,
    paragraphs: [`${applicant} asked for access to ${modelTitle} (${slug}). The request waits for your decision.`],
    action: { label: "Review the request", url: `${appUrl}/admin/requests/${requestId}` },
    footer,
  });

export type DigestModel = { slug: string; title: string; requests: { applicant: string; at: Date }[] };

/** To a reviewer who asked for a daily digest: the pending requests of the last day, per model. */
export const reviewDigestEmail = ({ appUrl, models }: { appUrl: string; models: DigestModel[] }) => {
  const total = models.reduce((n, m) => n + m.requests.length, 0);
  return renderEmail({
    subject: `${total} new access request${total === 1 ? "" : "s"} waiting for review`,
    paragraphs: [
      "New requests of the last day that still wait for a decision:",
      ...models.map(
        (m) =>
          `${m.title} (${m.slug}): ${m.requests.length} — ${m.requests
            .map((r) => `${r.applicant}, ${r.at.toISOString().slice(0, 16).replace("T", " ")} UTC`)
            .join("; ")}`,
      ),
    ],
    action: { label: "Open the review queue", url: `${appUrl}/admin/requests` },
    footer,
  });
};
