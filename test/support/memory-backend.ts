import type { Backend, Readiness, RouteChange, RoutePlan, Router, RouterState, Workload } from "../../src/backend.js";
import type { Color } from "../../src/colors.js";
import { ConflictError, RouterError } from "../../src/errors.js";
import { parseConfig } from "../../src/inputs.js";
import { decodeLedger, encodeLedger } from "../../src/ledger.js";
import type { ModeContext, ModeResult } from "../../src/modes/context.js";
import { prepare } from "../../src/modes/prepare.js";
import { promote } from "../../src/modes/promote.js";
import { rollback } from "../../src/modes/rollback.js";
import { status } from "../../src/modes/status.js";
import { test } from "../../src/modes/test.js";
import { newReport, type Report } from "../../src/report.js";

/**
 * An in-memory router and workload that keep the backend contract faithfully, so that mode tests
 * run in-process in milliseconds: several production entries (so a router can be split) and one
 * preview entry, the ledger stored as text beside them and written with them in one atomic step, a
 * revision that changes on every write, and a conflict (nothing written) when the revision changed
 * since the read. Every call is recorded, and any call can be made to fail: throw before it acts,
 * throw after its write landed (a run killed right after the write), or hang until released.
 */

/** The calls a fault can target. */
export type MemoryCall = "read" | "apply" | "readiness" | "fingerprint" | "targets" | "servedRequests";
export type FaultKind = "throw before" | "throw after" | "hang" | "race";

export interface RecordedCall {
  call: MemoryCall;
  /** True for the calls that changed the router. */
  wrote: boolean;
}

export interface MemoryRouterSetup {
  /** Production entries and the color each goes to (two entries that disagree: a split router). */
  production?: Record<string, Color>;
  preview?: Color;
  /** The stored ledger, as text (what a real router holds). */
  ledger?: string;
  ready?: Partial<Record<Color, boolean>>;
  fingerprints?: Partial<Record<Color, string>>;
}

export class MemoryRouter {
  production: Record<string, Color>;
  preview: Color;
  ledgerText: string;
  revision = 1;
  ready: Record<Color, boolean>;
  fingerprints: Record<Color, string>;
  served: Record<Color, number> = { blue: 0, green: 0 };
  readonly calls: RecordedCall[] = [];
  /** Each write, as the lines of what it changed, computed from the state before and after it. */
  readonly writes: string[][] = [];
  private faults: { call: MemoryCall; kind: FaultKind; skip: number; race?: HandWrite }[] = [];
  private hung: (() => void)[] = [];

  constructor(setup: MemoryRouterSetup = {}) {
    this.production = { ...(setup.production ?? { www: "blue" }) };
    this.preview = setup.preview ?? "green";
    this.ledgerText = setup.ledger ?? "";
    this.ready = { blue: true, green: true, ...setup.ready };
    this.fingerprints = { blue: "blue[10.0.0.1:80]", green: "green[10.0.0.2:80]", ...setup.fingerprints };
  }

  /**
   * Makes the call fail once, after `skip` calls of it have gone through; "race" lets another
   * writer's `race` land just before the call instead (a second pipeline between a read and a write).
   */
  inject(call: MemoryCall, kind: FaultKind, skip = 0, race?: HandWrite): void {
    this.faults.push({ call, kind, skip, ...(race ? { race } : {}) });
  }

  /** Lets every hung call go on (it then fails, as a call cut off would). */
  release(): void {
    for (const wake of this.hung.splice(0)) wake();
  }

  /** Writes routing by hand (another run, an operator): the revision changes as for any write. */
  handWrite(change: HandWrite): void {
    const before = this.snapshot();
    if (change.production) for (const entry of Object.keys(this.production)) this.production[entry] = change.production;
    if (change.preview) this.preview = change.preview;
    if (change.ledger !== undefined) this.ledgerText = change.ledger;
    this.revision++;
    this.writes.push(diff(before, this.snapshot()));
  }

  get writeCount(): number {
    return this.calls.filter((c) => c.wrote).length;
  }

  /** The router as a backend reads it. */
  state(): RouterState {
    const colors = Object.values(this.production);
    const split = new Set(colors).size > 1;
    const live = colors[0] ?? "blue";
    const entries = Object.entries(this.production).map(([entry, color]) => `${entry}: ${color}`);
    return {
      live,
      preview: this.preview,
      ledger: decodeLedger(this.ledgerText),
      revision: String(this.revision),
      // Each entry as read, so that describe() plans from the reading alone.
      details: Object.fromEntries([
        ...Object.entries(this.production).map(([entry, color]) => [`${ENTRY}${entry}`, color]),
        ["preview", this.preview],
      ]),
      warnings: split ? [`Production entries disagree (${entries.join(", ")}).`] : [],
      ...(split ? { split: true } : {}),
    };
  }

  /** Runs one call under the fault aimed at it, if any; `wrote` says whether the call changes the router. */
  async call<T>(call: MemoryCall, act: () => T, wrote = false): Promise<T> {
    const index = this.faults.findIndex((f) => f.call === call);
    let fault: FaultKind | undefined;
    if (index >= 0) {
      const aimed = this.faults[index] as { skip: number; kind: FaultKind; race?: HandWrite };
      if (aimed.skip > 0) aimed.skip--;
      else {
        fault = aimed.kind;
        this.faults.splice(index, 1);
        if (aimed.race) this.handWrite(aimed.race);
      }
    }
    const record: RecordedCall = { call, wrote: false };
    this.calls.push(record);
    if (fault === "hang") {
      await new Promise<void>((resolve) => this.hung.push(resolve));
      throw new RouterError(`The in-memory router's ${call} was cut off (it hung).`);
    }
    if (fault === "throw before") throw new RouterError(`The in-memory router failed ${call} (injected, before it acted).`);
    await Promise.resolve();
    const result = act();
    record.wrote = wrote;
    if (fault === "throw after") throw new RouterError(`The in-memory router lost the answer to ${call} (injected, after it acted).`);
    return result;
  }

  snapshot(): Snapshot {
    return { production: { ...this.production }, preview: this.preview, ledger: this.ledgerText };
  }
}

/** A write by someone else: production (every entry), the preview entry, the stored ledger. */
export interface HandWrite {
  production?: Color;
  preview?: Color;
  ledger?: string;
}

interface Snapshot {
  production: Record<string, Color>;
  preview: Color;
  ledger: string;
}

/** The lines a write changed, in the form describe() uses: one per entry, then the ledger. */
function diff(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const [entry, color] of Object.entries(after.production)) {
    if (before.production[entry] !== color) lines.push(`production ${entry}: ${before.production[entry]} -> ${color}`);
  }
  if (before.preview !== after.preview) lines.push(`preview: ${before.preview} -> ${after.preview}`);
  if (before.ledger !== after.ledger) lines.push(`ledger: ${after.ledger}`);
  return lines;
}

const ENTRY = "production ";

/** What apply() will write, from the change and the router as read (never from the router now). */
function planned(change: RouteChange, state: RouterState): { before: Snapshot; after: Snapshot } {
  const production: Record<string, Color> = {};
  for (const [key, color] of Object.entries(state.details)) {
    if (key.startsWith(ENTRY)) production[key.slice(ENTRY.length)] = color as Color;
  }
  const before: Snapshot = { production, preview: state.preview ?? "green", ledger: encodeLedger(state.ledger) };
  const moved: Record<string, Color> = {};
  for (const entry of Object.keys(production))
    moved[entry] = change.repair || change.live !== state.live ? change.live : (production[entry] as Color);
  return { before, after: { production: moved, preview: change.preview, ledger: encodeLedger(change.ledger) } };
}

/** A plan of the in-memory router: the change, the router as read, and the writes it makes. */
interface MemoryPlan extends RoutePlan {
  readonly before: Snapshot;
  readonly after: Snapshot;
}

/** The two faces over a MemoryRouter (the same router for every run, as a real one is). */
export function memoryBackend(memory: MemoryRouter): Backend {
  const router: Router = {
    kind: "haproxy",
    // One write moves every entry: the first answer after a switch is the new color's.
    switchesAtOnce: true,
    read: () => memory.call("read", () => memory.state()),
    plan(change, state): MemoryPlan {
      return { change, state, ...planned(change, state) };
    },
    describe(plan) {
      const { before, after } = plan as MemoryPlan;
      return diff(before, after);
    },
    async apply(plan) {
      const { after, state } = plan as MemoryPlan;
      await memory.call(
        "apply",
        () => {
          // The one atomic step: compare the revision, then write routing and ledger together.
          if (String(memory.revision) !== state.revision) {
            throw new ConflictError("The in-memory router changed since it was read; nothing was changed.");
          }
          const before = memory.snapshot();
          memory.production = after.production;
          memory.preview = after.preview;
          memory.ledgerText = after.ledger;
          memory.revision++;
          memory.writes.push(diff(before, memory.snapshot()));
        },
        true,
      );
    },
    previewRequester: undefined,
    servedRequests: (color) => memory.call("servedRequests", () => memory.served[color]),
    durable: true,
  };
  const workload: Workload = {
    readiness: (color) =>
      memory.call(
        "readiness",
        (): Readiness => ({ ready: memory.ready[color], summary: `${memory.ready[color] ? 1 : 0}/1 servers of ${color} ready` }),
      ),
    fingerprint: (color) => memory.call("fingerprint", () => memory.fingerprints[color]),
    targets: (color) => memory.call("targets", () => [color === "blue" ? "10.0.0.1:80" : "10.0.0.2:80"]),
    deploy: undefined,
    scaleDown: undefined,
    runningVersion: undefined,
    servingRestore: undefined,
  };
  return { router, workload, close: async () => undefined };
}

/** A run of a real mode function over the in-memory router, as main.ts runs it (minus the platform). */
export interface ModeRun {
  result?: ModeResult;
  report: Report;
  /** The failure sentence, as main.ts would print it; undefined when the mode succeeded. */
  failure?: string;
  /** Whether the mode failed with a ConflictError-born sentence or a refusal (for assertions on kind). */
  error?: unknown;
}

const MODES = { prepare, test, promote, rollback, status } as const;

/**
 * Runs one mode in-process: inputs as the action reads them (name -> value; the backend input is
 * left out, the in-memory router is the backend), the clock fixed unless given.
 */
export async function runMode(
  router: MemoryRouter,
  inputs: Record<string, string>,
  options: { run?: string; now?: () => Date } = {},
): Promise<ModeRun> {
  const read = (name: string) => (name === "backend" ? "haproxy" : (inputs[name] ?? ""));
  const config = parseConfig(read, {});
  const report = newReport(config.mode, "memory", config.dryRun);
  const ctx: ModeContext = {
    config,
    ...faces(memoryBackend(router)),
    report,
    run: options.run ?? "memory-run",
    now: options.now ?? (() => new Date()),
  };
  try {
    const result = await MODES[config.mode](ctx);
    report.changed = result.changed;
    return { result, report };
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
    return { report, failure: report.failure, error };
  }
}

function faces(backend: Backend): Pick<ModeContext, "router" | "workload"> {
  return { router: backend.router, workload: backend.workload };
}
