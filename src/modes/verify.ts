import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { InputError } from "../errors.js";
import type { Check } from "../report.js";
import { checkHealth, checkVersion, waitForHealthy } from "../smoke/checks.js";
import { urlRequester } from "../smoke/http.js";
import { safeUrl } from "../urls.js";
import type { ModeContext } from "./context.js";

/**
 * Checks production through verify-url after a switch: health answers 2xx (waiting up to
 * `timeout`), and the version path serves `version` when both are known. Returns the checks;
 * an empty list when no verify-url is set. Never throws for a failed check: the caller decides.
 */
export async function verifyProduction(ctx: ModeContext, version: string | undefined): Promise<Check[]> {
  const { verifyUrl, smoke, timeoutSeconds } = ctx.config;
  if (!verifyUrl) return [];
  const requester = urlRequester(verifyUrl, 4);
  try {
    const checks: Check[] = [];
    // Whatever stopped the wait (time, an unresolvable host, refusals), the check below records it.
    await waitForHealthy(requester, smoke.healthPath, Math.min(timeoutSeconds, 60) * 1000).catch(() => undefined);
    checks.push(await checkHealth(requester, smoke.healthPath, 5_000));
    if (smoke.versionPath && version) checks.push(await checkVersion(requester, smoke.versionPath, version, 5_000));
    return checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
  } finally {
    requester.close();
  }
}

/**
 * Before any switch: a verify-url whose host does not resolve would fail every check after the
 * switch and turn each promote into an automatic rollback. Refuse it while nothing is changed.
 */
export async function checkVerifyUrlResolves(ctx: ModeContext): Promise<void> {
  const { verifyUrl } = ctx.config;
  if (!verifyUrl) return;
  const host = verifyUrl.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return;
  try {
    await lookup(host);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND") {
      throw new InputError("verify-url", `"${safeUrl(verifyUrl)}": the host ${host} does not resolve; nothing was changed.`);
    }
  }
}
