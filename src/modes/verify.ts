import { TimeoutError } from "../errors.js";
import type { Check } from "../report.js";
import { checkHealth, checkVersion, waitForHealthy } from "../smoke/checks.js";
import { urlRequester } from "../smoke/http.js";
import type { ModeContext } from "./context.js";

/**
 * Checks production through verify-url after a switch: health answers 2xx (waiting up to
 * `timeout`), and the version path serves `version` when both are known. Returns the checks;
 * an empty list when no verify-url is set.
 */
export async function verifyProduction(ctx: ModeContext, version: string | undefined): Promise<Check[]> {
  const { verifyUrl, smoke, timeoutSeconds } = ctx.config;
  if (!verifyUrl) return [];
  const requester = urlRequester(verifyUrl, 4);
  try {
    const checks: Check[] = [];
    try {
      await waitForHealthy(requester, smoke.healthPath, Math.min(timeoutSeconds, 60) * 1000);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
    }
    checks.push(await checkHealth(requester, smoke.healthPath, 5_000));
    if (smoke.versionPath && version) checks.push(await checkVersion(requester, smoke.versionPath, version, 5_000));
    return checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
  } finally {
    requester.close();
  }
}
