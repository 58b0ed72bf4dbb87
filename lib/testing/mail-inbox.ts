// Reads the embedded maildev inbox (REST API at MAIL_INBOX_URL) that the test stack starts.
export type InboxMail = {
  subject: string;
  messageId?: string;
  text?: string;
  html?: string;
  from: { address: string }[];
  to: { address: string; name?: string }[];
};

export const mailsTo = async (address: string): Promise<InboxMail[]> => {
  const base = process.env.MAIL_INBOX_URL;
  if (!base) throw new Error("MAIL_INBOX_URL is not set (is the vitest global setup running?)");
  const res = await fetch(`${base}/email`);
  if (!res.ok) throw new Error(`maildev answered ${res.status}`);
  const all = (await res.json()) as InboxMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
};

/** Waits until at least `count` mails to `address` are in the inbox. */
export const waitForMails = async (address: string, count = 1, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms (have ${mails.length})`);
    await new Promise((r) => setTimeout(r, 150));
  }
};
