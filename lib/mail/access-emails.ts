import { formatDate } from "@/lib/format";
import { renderEmail } from "./render-email";

type Base = { appUrl: string; modelTitle: string; slug: string };
const footer = "You receive this because you requested access to model weights on this registry.";

export const requestReceivedEmail = ({ appUrl, modelTitle, slug }: Base) =>
  renderEmail({
    subject: `Access request received: ${slug}`,
    paragraphs: [
      `We received your request for access to ${modelTitle} (${slug}).`,
      "A reviewer will decide on it; we will e-mail you the decision.",
    ],
    action: { label: "See your requests", url: `${appUrl}/account/requests` },
    footer,
  });

export const requestDecidedEmail = ({
  appUrl,
  modelTitle,
  slug,
  approved,
  reason,
  expiresAt,
}: Base & { approved: boolean; reason: string | null; expiresAt: Date | null }) =>
  renderEmail({
    subject: `Access ${approved ? "approved" : "rejected"}: ${slug}`,
    paragraphs: approved
      ? [
          `Your request for access to ${modelTitle} (${slug}) was approved${expiresAt ? ` until ${formatDate(expiresAt)}` : ""}.`,
          ...(reason ? [`Note: ${reason}`] : []),
        ]
      : [`Your request for access to ${modelTitle} (${slug}) was rejected.`, `Reason: ${reason ?? "not given"}`],
    action: approved
      ? { label: "Open the model", url: `${appUrl}/models/${slug}` }
      : { label: "See your requests", url: `${appUrl}/account/requests` },
    footer,
  });

export const licenseChangedEmail = ({
  appUrl,
  modelTitle,
  slug,
  licenseName,
  version,
}: Base & { licenseName: string; version: string }) =>
  renderEmail({
    subject: `New license version for ${slug}: accept it to keep downloading`,
    paragraphs: [
      `${modelTitle} (${slug}) is now distributed under ${licenseName} version ${version}.`,
      "Your access stays, but your next download or playground session needs your acceptance of the new version.",
    ],
    action: { label: "Read and accept", url: `${appUrl}/models/${slug}/license` },
    footer,
  });

export const grantExpiringEmail = ({ appUrl, modelTitle, slug, expiresAt }: Base & { expiresAt: Date }) =>
  renderEmail({
    subject: `Your access to ${slug} expires on ${formatDate(expiresAt)}`,
    paragraphs: [
      `Your access to ${modelTitle} (${slug}) expires on ${formatDate(expiresAt)}.`,
      "Request it again to renew it.",
    ],
    action: { label: "Renew access", url: `${appUrl}/models/${slug}/request` },
    footer,
  });

export const renderExpiredEmail = ({ appUrl, modelTitle, slug }: Base) =>
  renderEmail({
    subject: `Your access to ${slug} has expired`,
    paragraphs: [
      `Your access to ${modelTitle} (${slug}) has expired. Downloads and playground sessions are no longer issued to you.`,
      "Request it again to renew it.",
    ],
    action: { label: "Renew access", url: `${appUrl}/models/${slug}/request` },
    footer,
  });

export const grantExtendedEmail = ({
  appUrl,
  modelTitle,
  slug,
  expiresAt,
  renewed,
}: Base & { expiresAt: Date; renewed: boolean }) =>
  renderEmail({
    subject: `Your access to ${slug} was ${renewed ? "renewed" : "extended"} until ${formatDate(expiresAt)}`,
    paragraphs: [
      `Your access to ${modelTitle} (${slug}) was ${renewed ? "renewed" : "extended"} by a reviewer and now lasts until ${formatDate(expiresAt)}.`,
    ],
    action: { label: "Open the model", url: `${appUrl}/models/${slug}` },
    footer,
  });

export const grantRevokedEmail = ({ appUrl, modelTitle, slug, reason }: Base & { reason: string }) =>
  renderEmail({
    subject: `Your access to ${slug} was revoked`,
    paragraphs: [
      `Your access to ${modelTitle} (${slug}) was revoked. Downloads and playground sessions are no longer issued to you.`,
      `Reason: ${reason}`,
    ],
    action: { label: "See your requests", url: `${appUrl}/account/requests` },
    footer,
  });
