import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnChild } from "../local/child";
import { waitForHttp } from "../local/ports";

/**
 * Debian's nginx as the load balancer, run from a temp dir (config, pid, logs and temp paths inside it).
 * A replica that refuses or resets a connection is skipped for the next one (passive checks: the
 * open-source nginx has no active ones), which is what a draining or killed replica looks like.
 * max_fails=0: no replica is ever marked down. With max_fails=1, a replica that refused while it
 * restarted stayed marked for fail_timeout after it was back, and the other one draining inside that
 * window left nginx with "no live upstreams" (502). Refused connections on loopback cost nothing to retry.
 */
export const startNginx = async ({ dir, port, upstreams }: { dir: string; port: number; upstreams: number[] }) => {
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, "nginx.conf");
  const t = (name: string) => path.join(dir, name);
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${t("nginx.pid")};
error_log ${t("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${t("client_body")};
  proxy_temp_path ${t("proxy")};
  fastcgi_temp_path ${t("fastcgi")};
  uwsgi_temp_path ${t("uwsgi")};
  scgi_temp_path ${t("scgi")};
  upstream registry {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://registry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto http;
      # A refused or reset connection (a replica killed or gone) is tried on the other replica.
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
`,
  );
  const child = spawnChild({
    name: "nginx",
    command: "nginx",
    args: ["-c", conf, "-p", dir],
    env: process.env,
    log: () => {},
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, 10_000, () => child.process.exitCode !== null);
  return child;
};
