import type { Color } from "../colors.js";
import { pollUntil } from "../wait.js";
import type { ModeContext } from "./context.js";

/** Waits until every server / replica of the color is ready, for at most `timeout` seconds. */
export async function waitUntilReady(ctx: ModeContext, color: Color): Promise<string> {
  const result = await pollUntil(`${color} becoming ready`, ctx.config.timeoutSeconds * 1000, async () => {
    const readiness = await ctx.workload.readiness(color);
    return { done: readiness.ready, detail: readiness.summary };
  });
  return result.detail;
}
