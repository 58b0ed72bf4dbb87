// Scenarios about state shared through the database: a session across replicas, the rate limit
// across replicas, and mail jobs across workers.
import type { Cluster } from "./cluster";
import type { Row, World } from "./scenarios";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

type Mail = { subject: string; messageId?: string; text?: string; to: { address: string }[] };
const inbox = async (c: Cluster) => (await (await fetch(`${c.mailWebUrl}/email`)).json()) as Mail[];

/** Signs in by magic link on web-1 (mail sent by a worker), opens the link on web-2, uses the session on web-1. */
export const sessionAcrossReplicas = async (c: Cluster): Promise<Row> => {
  const [a, b] = c.webs.map((w) => `http://127.0.0.1:${w.port}`) as [string, string];
  const email = `cluster-${Date.now()}@example.org`;
  const problems: string[] = [];
  const csrfRes = await fetch(`${a}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfRes);
  const signIn = await fetch(`${a}/api/auth/signin/email`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, callbackUrl: c.lbUrl, json: "true" }),
  });
  let link: string | undefined;
  for (let i = 0; i < 100 && !link; i++) {
    const mail = (await inbox(c)).find((m) => m.to.some((t) => t.address === email));
    link = mail?.text?.match(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/)?.[0];
    if (!link) await sleep(200);
  }
  let email2: string | undefined;
  if (!link) problems.push(`no magic link mailed (sign-in answered ${signIn.status})`);
  else {
    const u = new URL(link);
    const callback = await fetch(`${b}${u.pathname}${u.search}`, {
      redirect: "manual",
      headers: { cookie: jar.join("; ") },
    });
    const session = cookiesOf(callback).filter((c) => c.includes("session-token"));
    if (!session.length) problems.push(`web-2 set no session cookie (${callback.status})`);
    const me = await fetch(`${a}/api/auth/session`, { headers: { cookie: [...jar, ...session].join("; ") } });
    email2 = ((await me.json()) as { user?: { email?: string } }).user?.email;
    if (email2 !== email) problems.push(`web-1 does not see web-2's session (${email2 ?? "no user"})`);
  }
  return {
    scenario: "sign in on web-1, link opened on web-2, session used on web-1",
    requests: 4,
    statuses: {},
    lostEvents: null,
    chain: "-",
    problems,
  };
};

/** DOWNLOAD_RATE_LIMIT_PER_MINUTE=60 holds across both replicas: 70 downloads through nginx, 60 pass. */
export const rateLimitAcrossReplicas = async (c: Cluster, w: World): Promise<Row> => {
  const statuses: Record<string, number> = {};
  const one = async () => {
    const res = await fetch(`${c.lbUrl}${w.downloadPath}`, {
      headers: { authorization: `Bearer ${w.token}` },
      redirect: "manual",
    });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  };
  for (let i = 0; i < 70; i += 10) await Promise.all(Array.from({ length: 10 }, one));
  const problems: string[] = [];
  if (statuses["302"] !== 60 || statuses["429"] !== 10) problems.push(`expected 60 × 302 and 10 × 429`);
  return {
    scenario: "rate limit 60/min across 2 replicas",
    requests: 70,
    statuses,
    lostEvents: null,
    chain: "-",
    problems,
  };
};

/**
 * A burst of 100 mail jobs across both workers, one worker killed (kill -9) in the middle: every mail
 * arrives, each job completes once, and a mail sent twice (the dead worker's) carries one Message-ID.
 */
export const mailBurst = async (
  c: Cluster,
  { killWorker }: { killWorker: boolean },
): Promise<Row & { perSecond: number }> => {
  const { enqueue } = await import("@/lib/jobs/queue");
  const { sendEmailJob } = await import("@/lib/jobs/send-email");
  const tag = `burst-${Date.now()}`;
  const started = Date.now();
  // All at once, as a burst of sign-ins would queue them; the worker is killed while it works through them.
  const killing = killWorker ? sleep(500).then(() => c.workers[0]!.kill9()) : Promise.resolve();
  const ids = (
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        enqueue(sendEmailJob, {
          to: `${tag}-${i}@example.org`,
          message: { sealed: false, subject: `${tag} ${i}`, text: `mail ${i}`, html: `<p>mail ${i}</p>` },
          kind: "cluster-burst",
        }),
      ),
    )
  ).filter((id): id is string => Boolean(id));
  await killing;
  const { sqlPool } = await import("@/lib/sql");
  const jobStates = async () => {
    const { rows } = await sqlPool().query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM pgboss.job WHERE id = ANY($1::uuid[]) GROUP BY state`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
  };
  // Done when every mail has arrived and every job has completed: a killed worker's batch may have
  // been sent but not marked complete, and comes back (and is sent again) once its expiry has passed.
  let mails: Mail[] = [];
  let distinct = 0;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    mails = (await inbox(c)).filter((m) => m.subject.startsWith(`${tag} `));
    distinct = new Set(mails.map((m) => m.subject)).size;
    if (distinct === 100 && (await jobStates()).completed === 100) break;
    await sleep(250);
  }
  const seconds = (Date.now() - started) / 1000;
  const states = await jobStates();
  const problems: string[] = [];
  if (distinct !== 100) problems.push(`${100 - distinct} mails never arrived`);
  if (states.completed !== 100) problems.push(`jobs: ${JSON.stringify(states)}`);
  if (problems.length) problems.push(...c.workers.map((w) => w.describe()));
  const bySubject = new Map<string, Set<string | undefined>>();
  for (const m of mails) bySubject.set(m.subject, (bySubject.get(m.subject) ?? new Set()).add(m.messageId));
  const split = [...bySubject.values()].filter((s) => s.size > 1).length;
  if (split) problems.push(`${split} mails sent twice with different Message-IDs`);
  if (killWorker) await c.workers[0]!.start();
  return {
    scenario: `100 mails${killWorker ? ", kill -9 worker-1 mid-burst" : ""} (${(100 / seconds).toFixed(0)}/s, ${mails.length - distinct} resent)`,
    requests: 100,
    statuses: { delivered: distinct },
    lostEvents: null,
    chain: "-",
    problems,
    perSecond: 100 / seconds,
  };
};
