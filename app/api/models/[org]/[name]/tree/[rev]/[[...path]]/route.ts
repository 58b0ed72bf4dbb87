// GET /api/models/{org}/{name}/tree/{rev}[/{path}]?recursive=&expand=&limit=&cursor= - Hugging Face Hub file listing, paged by a Link header
import { NextResponse } from "next/server";
import { hubRoute } from "@/lib/http/hub-route";
import { listTree } from "@/lib/domain/hub/list-tree";
import { env } from "@/lib/env";

export const GET = hubRoute<{ org: string; name: string; rev: string; path?: string[] }>(
  async ({ req, caller, params }) => {
    const sp = req.nextUrl.searchParams;
    const { entries, nextCursor } = await listTree(
      caller,
      { org: params.org, name: params.name, rev: params.rev },
      {
        path: (params.path ?? []).join("/"),
        recursive: sp.get("recursive") ?? undefined,
        expand: sp.get("expand") ?? undefined,
        cursor: sp.get("cursor") ?? undefined,
        limit: sp.get("limit") ?? undefined,
      },
    );
    const headers = new Headers();
    if (nextCursor) {
      // The Hub's pagination: the same query with the next cursor, as an absolute URL on the public origin.
      const next = new URL(`${req.nextUrl.pathname}?${sp.toString()}`, new URL(env.NEXTAUTH_URL).origin);
      next.searchParams.set("cursor", nextCursor);
      headers.set("Link", `<${next.href}>; rel="next"`);
    }
    return NextResponse.json(entries, { headers });
  },
);
