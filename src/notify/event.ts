import type { Color } from "../colors.js";
import { redact } from "../platform/secrets.js";
import type { Check, Report } from "../report.js";

/**
 * The outcomes a team wants to hear about without opening the pipeline. Nothing for prepare, test,
 * status, dry runs, refusals that changed nothing, or a promote that found nothing to do.
 */
export const EVENT_KINDS = ["promoted", "rolled-back", "auto-rolled-back", "failed-after-switch", "switch-failed"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One notification, whatever its format: docs/notify.schema.json describes it as sent with notify-format json. */
export interface NotifyEvent {
  event: EventKind;
  /** One line for a title or a chat preview. */
  title: string;
  /** The run's own closing sentence (its result or its failure), as the log says it. */
  message: string;
  /** true for promoted and rolled-back: the step succeeded. */
  ok: boolean;
  mode: "promote" | "rollback";
  backend: string;
  environment?: string;
  /** Where production is, as the router was last read; null when it could not be read afterwards. */
  production: Color | null;
  /** The switch this run made or tried: from the color that was live, to the target. */
  from: Color;
  to: Color;
  /** The version the run promoted or rolled back to, when known. */
  version?: string;
  /** The version each color holds, as the router's ledger says. */
  versions: Partial<Record<Color, string>>;
  /** The automatic rollback: when the check failed (right after the switch, or at a second of the bake). */
  rollback?: { phase: "verify" | "bake"; second?: number };
  /** The checks that failed, name and detail. */
  failed: { name: string; detail: string }[];
  run: { id: string; url?: string };
  /** ISO time the event was made. */
  time: string;
}

export interface EventContext {
  environment?: string;
  run: string;
  env: NodeJS.ProcessEnv;
  now: Date;
}

/** The event a finished run sends, read from its report; undefined when nothing worth a message happened. */
export function eventOf(report: Report, context: EventContext): NotifyEvent | undefined {
  const mode = report.mode;
  if (report.dryRun || (mode !== "promote" && mode !== "rollback")) return undefined;
  const before = report.before;
  const to = report.failedSwitch?.to ?? report.target;
  if (!before || !to) return undefined;
  // The automatic rollback's own switch goes the other way: its failure names that switch.
  const from = report.failedSwitch?.from ?? before.live;
  const kind = kindOf(report);
  if (!kind) return undefined;
  // The router as last read; after a change, a run that could not read it again does not know where production is.
  const last = report.after ?? (report.changed || report.failedSwitch ? undefined : before);
  const production = last?.live ?? null;
  const ledger = (last ?? before).ledger;
  const failed = (report.autoRollback?.failed ?? report.checks.filter((check) => !check.ok)).map(shown);
  const version = ledger.versions[to] ?? before.ledger.versions[to];
  const environment = context.environment || context.env.CI_ENVIRONMENT_NAME || undefined;
  const event: NotifyEvent = {
    event: kind,
    title: redact(titleOf(kind, { mode, from, to, production, environment, failed, rollback: report.autoRollback })),
    message: redact(report.failure ?? report.outcome),
    ok: kind === "promoted" || kind === "rolled-back",
    mode,
    backend: report.backend,
    ...(environment ? { environment } : {}),
    production,
    from,
    to,
    ...(version ? { version } : {}),
    versions: { ...ledger.versions },
    ...(report.autoRollback ? { rollback: rollbackOf(report.autoRollback) } : {}),
    failed,
    run: { id: context.run, ...runUrlOf(context.env) },
    time: context.now.toISOString(),
  };
  return event;
}

/** Which outcome: a failed switch first (production may be anywhere), then what the switch led to. */
function kindOf(report: Report): EventKind | undefined {
  if (report.failedSwitch) return "switch-failed";
  if (report.autoRollback) return "auto-rolled-back";
  // No switch of this run (a refusal, nothing to do, only a split repaired): nothing to tell.
  if (!report.target || !report.changed) return undefined;
  if (report.failure) return "failed-after-switch";
  return report.mode === "promote" ? "promoted" : "rolled-back";
}

interface TitleFacts {
  mode: string;
  from: Color;
  to: Color;
  production: Color | null;
  environment?: string;
  failed: { name: string }[];
  rollback?: Report["autoRollback"];
}

function titleOf(kind: EventKind, facts: TitleFacts): string {
  const { mode, from, to, production } = facts;
  const where = facts.environment ? ` (${facts.environment})` : "";
  const now = production ? `production is on ${production}` : "where production is now is unknown";
  switch (kind) {
    case "promoted":
      return `Promoted ${to}${where}: production switched from ${from} to ${to}`;
    case "rolled-back":
      return `Rolled back${where}: production switched from ${from} to ${to}`;
    case "auto-rolled-back": {
      // The check and the second in the title itself: the line a phone's notification shows.
      const [first] = facts.failed;
      const check = first ? `${first.name}${facts.failed.length > 1 ? ` and ${facts.failed.length - 1} more` : ""}` : "a check";
      const when = facts.rollback?.second === undefined ? "right after the switch" : `at ${facts.rollback.second} s of the bake`;
      return `Automatic rollback${where}: ${to} failed ${check} ${when}; production returned to ${from}`;
    }
    case "failed-after-switch":
      return `${mode === "promote" ? "Promote" : "Rollback"} failed after the switch to ${to}${where}: ${now}`;
    case "switch-failed":
      return `Switch to ${to} failed${where}: ${now}`;
  }
}

function rollbackOf(autoRollback: NonNullable<Report["autoRollback"]>): { phase: "verify" | "bake"; second?: number } {
  return autoRollback.second === undefined ? { phase: autoRollback.phase } : { phase: autoRollback.phase, second: autoRollback.second };
}

function shown(check: Check): { name: string; detail: string } {
  return { name: redact(check.name), detail: redact(check.detail) };
}

/** The page of this run: GitHub's run page, GitLab's job page; none on a terminal. */
function runUrlOf(env: NodeJS.ProcessEnv): { url?: string } {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return { url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` };
  }
  if (env.CI_JOB_URL) return { url: env.CI_JOB_URL };
  return {};
}
