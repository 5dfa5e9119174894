// Preloaded with --import: records every module the process loads (file URLs) into the file named
// by BLUEGREEN_LOADED_MODULES, so tests can prove which bundle chunks a run touched.
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => writeFileSync(process.env.BLUEGREEN_LOADED_MODULES, [...loaded].join("\n")));
