import { detectPlatform } from "./detect.js";
import { setPlatformIo } from "./io.js";
import { plainIo } from "./plain.js";
import { registeredSecrets } from "./secrets.js";

/**
 * Chooses the platform implementation for this run, before the run reads an input or prints a
 * line: @actions/core on a GitHub runner (the action, or the CLI in a `run:` step), plain
 * stdout/stderr everywhere else. Called where every run starts (main.ts run(), post.ts).
 */
export async function choosePlatform(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (detectPlatform(env) !== "github") {
    setPlatformIo(plainIo);
    return;
  }
  const { githubIo } = await import("./github.js");
  setPlatformIo(githubIo);
  // A secret registered before the choice (at module load, say) is masked on the runner too.
  for (const secret of registeredSecrets()) githubIo.mask(secret);
}
