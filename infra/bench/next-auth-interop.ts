// The domain's authorization helpers import `canManage` from lib/auth/get-current-user.ts, which
// loads next-auth's options, whose providers are CommonJS modules with `exports.default`. Bundlers
// (Next, Vite) hand `exports.default` to `import X from`; plain Node ESM hands over the whole
// `module.exports`, so `EmailProvider(...)` is "not a function". This resolve hook gives those
// imports a default that is `exports.default`, as the bundlers do, so the benchmark runs the
// domain code unchanged. Remove it once `Caller`/`canManage` live in a module without next-auth.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  if (/^next-auth\\/providers\\/[a-z0-9-]+$/.test(specifier) && context.parentURL) {
    const source = "import { createRequire } from 'node:module';" +
      "const m = createRequire(" + JSON.stringify(context.parentURL) + ")(" + JSON.stringify(specifier) + ");" +
      "export default m.default ?? m;";
    return { url: "data:text/javascript," + encodeURIComponent(source), shortCircuit: true };
  }
  return next(specifier, context);
}`;

/** Registers the hook; call it before the first (dynamic) import of a lib module. */
export const registerNextAuthInterop = () => register(`data:text/javascript,${encodeURIComponent(hooks)}`);
