// Lets `node scripts/<x>.ts` import src/ as the bundler and the tests do: src/ writes its imports with
// ".js" (what the emitted JavaScript would be called) while the files on disk are ".ts". Node's type
// stripping runs the .ts files but does not map the names; this hook does, for relative imports only.
import { existsSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.startsWith("file:")) {
      const candidate = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
    }
    return nextResolve(specifier, context);
  },
});
