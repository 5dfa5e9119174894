import type { RouterState } from "../backend.js";
import type { Color } from "../colors.js";
import { log } from "../platform/log.js";
import { timed } from "../report.js";
import { sleep } from "../wait.js";
import type { ModeContext } from "./context.js";
import { sentenceOf } from "./switch.js";

/**
 * After a verified (and baked) promote, the workload's scale-down (Kubernetes:
 * scale-down-replicas on the old color) runs only once scale-down-delay has passed since the
 * switch, and only if production is still on the new color, read again just before: kube-proxy on
 * every node follows EndpointSlices late, and a rollback during the delay must find the old color
 * at full size. A failure here is a warning: production is switched and verified. Returns the
 * router as read when production was found elsewhere, so the step reports where it really is.
 */
export async function scaleDownOld(ctx: ModeContext, target: Color, old: Color, switchedAt: number): Promise<RouterState | undefined> {
  const { router, workload, config, report } = ctx;
  if (!workload.scaleDown) return undefined;
  const scaleDown = workload.scaleDown.bind(workload);
  try {
    const waitMs = config.scaleDownDelaySeconds * 1000 - (performance.now() - switchedAt);
    if (waitMs > 0) {
      log.info(`Waiting ${Math.ceil(waitMs / 1000)} s (scale-down-delay ${config.scaleDownDelaySeconds} s) before scaling ${old} down.`);
      await timed(report, "scale-down-delay", () => sleep(waitMs));
      const now = await router.read();
      if (now.live !== target) {
        const text = `Production moved to ${now.live} during scale-down-delay${now.ledger.run ? ` (run ${now.ledger.run})` : ""}; ${old} was not scaled down.`;
        log.warn(text);
        return now;
      }
    }
    report.plan.push(...(await timed(report, "after promote", () => scaleDown(old))));
  } catch (error) {
    log.warn(`Production is on ${target}, but the after-promote step on ${old} failed: ${sentenceOf(error)}`);
  }
  return undefined;
}
