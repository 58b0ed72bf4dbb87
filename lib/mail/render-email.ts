/** Minimal, safe HTML for transactional mail: every interpolated value is escaped. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export type EmailContent = { subject: string; text: string; html: string };

export const renderEmail = ({
  subject,
  paragraphs,
  action,
  footer,
}: {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
}): EmailContent => {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(footer ? ["--", footer] : []),
  ].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e;max-width:560px">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#1c7ed6;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` : ""}
${footer ? `<p style="color:#868e96;font-size:12px">${escapeHtml(footer)}</p>` : ""}
</body></html>`;
  return { subject, text, html };
};
