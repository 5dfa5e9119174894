import type { Readiness } from "../backend.js";
import type { Color } from "../colors.js";
import { TimeoutError } from "../errors.js";
import { startProgress } from "../platform/progress.js";
import { type ProbeAttempt, type ProbeSettings, probeInARow } from "../smoke/probe.js";
import { sleep } from "../wait.js";
import type { ModeContext } from "./context.js";

/**
 * Each server must answer this many times in a row, this far apart, after the deploy: a router's
 * health view lags a restart (HAProxy keeps a restarted server UP until `fall` checks failed), so
 * its "UP" alone is not "ready". Three answers over a second show a server that stays up.
 */
export const PROBE_TIMES = 3;
export const PROBE_INTERVAL_MS = 500;
const ATTEMPT_TIMEOUT_MS = 2_000;
/** promote checks again, but does not wait for a server to come up: that is prepare's job. */
const PROMOTE_PROBE_WINDOW_MS = 10_000;

function probeSettings(ctx: ModeContext): ProbeSettings {
  return { path: ctx.config.smoke.healthPath, times: PROBE_TIMES, intervalMs: PROBE_INTERVAL_MS, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS };
}

/**
 * Waits, for at most `timeout` seconds, until the router counts every server / replica of the color
 * ready and (where the router's view can lag: HAProxy, ipLoadbalancing) each server answered
 * health-path PROBE_TIMES times in a row, all after this call began (so after deploy-command ended).
 * Returns what was checked, for the report.
 */
export async function waitUntilReady(ctx: ModeContext, color: Color, attempt?: ProbeAttempt): Promise<string> {
  const started = Date.now();
  const deadline = started + ctx.config.timeoutSeconds * 1000;
  const timeout = (last: string) => {
    const waited = ((Date.now() - started) / 1000).toFixed(1);
    return new TimeoutError(`${color} becoming ready did not happen within ${waited} s; last seen: ${last}.`);
  };
  let delay = 100;
  let seen = "not read yet";
  // "green: 2/3 replicas ready, 12 s": a rollout or a restart can take minutes.
  const progress = startProgress((seconds) => `${color}: ${seen}, ${seconds} s`);
  try {
    return await waitLoop();
  } finally {
    progress.stop();
  }

  async function waitLoop(): Promise<string> {
    for (;;) {
      const view = await ctx.workload.readiness(color);
      let last = view.summary;
      seen = view.ready && view.endpoints ? `${view.summary}; probing each server` : view.summary;
      if (view.ready) {
        if (!view.endpoints) return view.summary;
        // Probes until the deadline: a failure here is final, with each late server's own count.
        const probe = await probeInARow(view.endpoints, probeSettings(ctx), deadline, attempt);
        if (!probe.ok) throw timeout(`${view.summary}, but ${probe.detail}`);
        // The router again: a server its checks took DOWN meanwhile is not ready, whatever it answers now.
        const after = await ctx.workload.readiness(color);
        if (after.ready) return `${after.summary} and ${probe.detail}`;
        last = after.summary;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw timeout(last);
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 2_000);
    }
  }
}

/**
 * Readiness now, checked afresh (promote, a prepare that finds its version in place): the router's
 * view, then each server answering health-path PROBE_TIMES times in a row within a few seconds.
 * Never waits for a server to come up.
 */
export async function readyNow(ctx: ModeContext, color: Color, attempt?: ProbeAttempt): Promise<Readiness> {
  const view = await ctx.workload.readiness(color);
  if (!view.ready || !view.endpoints) return view;
  const window = Math.min(PROMOTE_PROBE_WINDOW_MS, ctx.config.timeoutSeconds * 1000);
  const probe = await probeInARow(view.endpoints, probeSettings(ctx), Date.now() + window, attempt);
  return probe.ok
    ? { ready: true, summary: `${view.summary} and ${probe.detail}` }
    : { ready: false, summary: `${view.summary}, but ${probe.detail}` };
}
