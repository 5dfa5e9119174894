import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { otherColor } from "../colors.js";
import { InputError } from "../errors.js";
import type { Check } from "../report.js";
import { checkHealth, checkVersion, firstAnswer, type Misdirection, waitForHealthy } from "../smoke/checks.js";
import { urlRequester } from "../smoke/http.js";
import { safeUrl } from "../urls.js";
import type { ModeContext } from "./context.js";

/**
 * How long a verify after an instant switch waits for production's first HTTP answer. The switch
 * moves no listener, so a connection that fails is not the new color answering: it comes from the
 * way to the router (a proxy or cloud load balancer in front reconnecting, a kept-alive connection
 * the router closed), which heals in moments. The first answer, whatever it is, decides.
 */
const FIRST_ANSWER_WAIT_MS = 10_000;

/**
 * Checks production through verify-url after a switch: health answers 2xx, and the version path
 * serves `version` when both are known. Where the router switches at once, production's first
 * answer is the new color's and decides (a 5xx fails at once, so promote rolls back); where
 * clients move over time (a refresh task, DNS caches), health is waited for up to `timeout`
 * (60 s at most). Returns the checks; an empty list when no verify-url is set. Never throws for a
 * failed check: the caller decides.
 */
export async function verifyProduction(ctx: ModeContext, version: string | undefined): Promise<Check[]> {
  const { verifyUrl, smoke, timeoutSeconds } = ctx.config;
  if (!verifyUrl) return [];
  const requester = urlRequester(verifyUrl, 4);
  try {
    const checks: Check[] = [];
    if (ctx.router.switchesAtOnce) {
      const first = await firstAnswer(requester, smoke.healthPath, Math.min(timeoutSeconds * 1000, FIRST_ANSWER_WAIT_MS));
      // A good first answer is asked once more, as after a wait: at a traffic step the two may reach different colors.
      checks.push(first.ok ? await checkHealth(requester, smoke.healthPath, 5_000) : first);
    } else {
      // Whatever stopped the wait (time, an unresolvable host, refusals), the check below records it.
      await waitForHealthy(requester, smoke.healthPath, Math.min(timeoutSeconds, 60) * 1000).catch(() => undefined);
      checks.push(await checkHealth(requester, smoke.healthPath, 5_000));
    }
    if (smoke.versionPath && version) {
      checks.push(await checkVersion(requester, smoke.versionPath, version, 5_000, previewMisdirection(ctx, version)));
    }
    return checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
  } finally {
    requester.close();
  }
}

/**
 * After a switch the preview entry serves the other color. A verify-url that answers that color's
 * version may be the preview entry's URL rather than production's: the check's detail says so. It
 * says "may": a cache or a proxy in front of the router can serve the old release too. Only on routers
 * that switch every client at once: elsewhere the old release answering for a while is expected.
 */
function previewMisdirection(ctx: ModeContext, version: string): Misdirection | undefined {
  const after = ctx.report.after;
  // Where clients move over time (DNS caches, an OVH refresh), the old release answering is the move itself.
  if (!after || !ctx.router.switchesAtOnce) return undefined;
  const preview = otherColor(after.live);
  const previewVersion = after.ledger.versions[preview];
  if (!previewVersion || previewVersion === version) return undefined;
  return {
    version: previewVersion,
    explanation: `which is what ${preview} holds, the color the preview entry serves now: verify-url may point at the preview entry rather than production`,
  };
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
