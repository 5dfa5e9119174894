import type { Color } from "../../colors.js";
import type { Frontend, Task } from "./model.js";

/**
 * Where production traffic is, for an IP Load Balancer whose configuration is not (surely) what it
 * runs. The data plane serves what the last completed refresh applied; a refresh task deploys the
 * configuration as it was when the task was created, and one that ends in error, cancelled or
 * blocked applies nothing. OVH's API shows the configuration, a count of changes waiting for a
 * refresh and the tasks under way, but not what is applied: that is known only from a moment when
 * nothing waited (then it is the configuration) and from the refresh tasks this run started since.
 */
export class AppliedView {
  /** Production frontends' colors as the data plane runs them; undefined until known. */
  applied?: Color[];
  /** Each refresh task this run started, with the production colors it deploys, and whether its end was seen. */
  private readonly tasks = new Map<number, { colors: Color[]; ended: boolean }>();

  /** Nothing waited for a refresh: the Load Balancer runs its configuration. */
  nothingWaits(configured: Color[]): void {
    this.applied = [...configured];
  }

  started(taskId: number, colors: Color[]): void {
    this.tasks.set(taskId, { colors: [...colors], ended: false });
  }

  /** A task of this run reached a final status: done applied its configuration, anything else applied nothing. */
  ended(task: Pick<Task, "id" | "status">): void {
    const known = this.tasks.get(task.id);
    if (!known || known.ended) return;
    known.ended = true;
    if (task.status === "done") this.applied = [...known.colors];
  }

  /** A task of this run that can no longer be read: what the Load Balancer runs is no longer known. */
  lost(taskId: number): void {
    const known = this.tasks.get(taskId);
    if (known) known.ended = true;
    this.applied = undefined;
  }

  /** This run's tasks whose end it has not seen, oldest first. */
  unsettled(): number[] {
    return [...this.tasks.entries()]
      .filter(([, task]) => !task.ended)
      .map(([id]) => id)
      .sort((a, b) => a - b);
  }

  /** The production colors a task of this run deploys; undefined for another's. */
  deploys(taskId: number): Color[] | undefined {
    return this.tasks.get(taskId)?.colors;
  }
}

export interface TrafficFacts {
  /** Production frontends as configured now, in ovh-frontends order, and the color each names. */
  frontends: Pick<Frontend, "frontendId" | "port">[];
  configured: Color[];
  /** Changes waiting for a refresh, all zones; undefined when the key may not read them. */
  pending?: number;
  /** refreshIplb tasks todo or doing; undefined when the key may not read them. */
  active?: Pick<Task, "id">[];
  view: AppliedView;
}

/**
 * One sentence: where production is now and what it becomes when the refresh tasks under way end,
 * or that it cannot be known and why. Undefined when the configuration is simply what runs (no
 * change waits, no refresh runs): "production is on <live>" then says it all.
 */
export function describeTraffic(facts: TrafficFacts): string | undefined {
  const { configured, pending, view } = facts;
  const running = [...(facts.active ?? [])].sort((a, b) => a.id - b.id);
  if (pending === 0 && running.length === 0) return undefined;
  const on = (colors: Color[]) => placeOf(colors, facts.frontends);
  const tasks = namesOf(running);
  const plural = running.length > 1;
  if (pending === 0) {
    // Nothing waits: the tasks under way deploy what already runs.
    return `Production is ${on(configured)}; ${tasks}, still running, ${plural ? "keep" : "keeps"} it there (no change waits for a refresh).`;
  }
  const applied = view.applied;
  if (!applied) {
    const why = pending === undefined ? "the consumer key may not read /pendingChanges" : `${pending} change(s) wait for a refresh`;
    return (
      `Where production is cannot be known: ${why}${running.length > 0 ? ` and ${tasks} ${plural ? "are" : "is"} still running` : ""}, ` +
      `and OVH does not say which changes the Load Balancer already runs; its configuration sends production ${to(on(configured))}. Run promote or rollback to settle it.`
    );
  }
  const now = `Production is ${on(applied)}`;
  const waiting = (from: Color[]) =>
    same(configured, from) ? "" : `; its configuration, which waits for another refresh, sends it ${to(on(configured))}`;
  if (running.length === 0) {
    if (same(configured, applied)) return `${now}; the changes waiting for a refresh do not move it.`;
    return `${now}; its configuration sends it ${to(on(configured))}, which no refresh has applied: run promote or rollback to settle it.`;
  }
  const last = view.deploys((running.at(-1) as Pick<Task, "id">).id);
  if (!last) {
    return `${now}; ${tasks}, still running, ${plural ? "were" : "was"} not started by this run, so what ${plural ? "they apply" : "it applies"} cannot be known (its configuration sends it ${to(on(configured))}).`;
  }
  const verb = same(last, applied)
    ? `${plural ? "keep" : "keeps"} it there`
    : `${plural ? "move" : "moves"} it ${to(on(last))} when ${plural ? "they end" : "it ends"}`;
  return `${now}; ${tasks}, still running, ${verb}${waiting(last)}.`;
}

function same(a: Color[], b: Color[]): boolean {
  return a.length === b.length && a.every((color, i) => color === b[i]);
}

/** "on blue", or "split between colors (port 80 on green, port 443 on blue)". */
function placeOf(colors: Color[], frontends: TrafficFacts["frontends"]): string {
  const first = colors[0] as Color;
  if (colors.every((color) => color === first)) return `on ${first}`;
  return `split between colors (${colors.map((color, i) => `port ${frontends[i]?.port ?? "?"} on ${color}`).join(", ")})`;
}

/** "on blue" -> "to blue"; a split -> "to a split (port 80 to green, port 443 to blue)". */
function to(place: string): string {
  if (place.startsWith("on ")) return `to ${place.slice(3)}`;
  return place.replace(/^split between colors \((.*)\)$/, (_, ports: string) => `to a split (${ports.replaceAll(" on ", " to ")})`);
}

function namesOf(tasks: Pick<Task, "id">[]): string {
  const ids = tasks.map((task) => task.id);
  if (ids.length <= 1) return `refresh task ${ids[0]}`;
  return `refresh tasks ${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}
