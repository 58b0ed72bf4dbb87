import { renderEmail } from "./render-email";

export const magicLinkEmail = ({ url, host }: { url: string; host: string }) =>
  renderEmail({
    subject: `Sign in to ${host}`,
    paragraphs: [
      `Someone (hopefully you) asked to sign in to the weights registry at ${host}.`,
      "The link below works once and expires in 10 minutes.",
    ],
    action: { label: "Sign in", url },
    footer: "If you did not ask for this, ignore this e-mail: nobody can sign in without the link.",
  });
