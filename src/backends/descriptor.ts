/**
 * What a backend is, as data: everything the rest of bluegreen needs to know about it without
 * loading it. The registry (registry.ts) is the list of these; inputs.ts, the Node.js check, the
 * command environment, the CLI's help and the generator of action.yml, the GitLab template and the
 * docs' tables all read them, so a backend's facts live in its own folder and nowhere else.
 *
 * This module (and every descriptor) imports nothing at run time but types: the Node.js check reads
 * the descriptors before any backend code, or any client library, is loaded.
 */
import type { Backend, RunSettings } from "../backend.js";
import type { InputReader } from "../input-text.js";
import type { Mode } from "../mode-names.js";

/** How an input is passed to the GitLab component's jobs, when it is not an ordinary component input. */
export type GitlabPlacement =
  /** A credential: a masked CI/CD variable (INPUT_<NAME>, or the variables in `env`), never a component input. */
  | "variable"
  /** No meaning in a GitLab job (the job sets mode; GitHub's own inputs). */
  | "absent";

export interface InputDescriptor {
  /** The public name: action input, CLI flag (--name), INPUT_<NAME> variable, component input. */
  readonly name: string;
  /**
   * What it does, in one or two sentences, without naming the backends that use it: the generator
   * puts "<kinds>: " in front from the descriptors that list it.
   */
  readonly description: string;
  /** The default as the action declares it (action.yml, --help); undefined: empty. */
  readonly default?: string;
  /** Every run needs it (mode, backend). Inputs required by some modes or backends say so in their description. */
  readonly required?: true;
  /** Typed inputs: the CLI takes a bare --flag for true, the GitLab component types and passes them as flags. */
  readonly type?: "boolean" | "number";
  /** A closed set of allowed values. */
  readonly options?: readonly string[];
  /** A regular expression the whole value matches (the GitLab component checks it before the job runs). */
  readonly pattern?: string;
  /** The modes that use it; undefined: every mode. */
  readonly modes?: readonly Mode[];
  /** Holds a credential: masked, never printed, passed through the environment rather than argv. */
  readonly secret?: true;
  /**
   * Losing it to a typo removes or weakens a check on production, or turns a dry run into a real
   * change: a misspelt name of it fails the step instead of warning (src/input-typos.ts).
   */
  readonly safety?: true;
  /** Environment variables read when the input is empty (credentials: OVH_APPLICATION_KEY...). */
  readonly env?: readonly string[];
  /** The GitLab component's view of it, where it differs from the action's. */
  readonly gitlab?:
    | GitlabPlacement
    | {
        /** A shorter description for the component's spec (GitLab shows it in the pipeline editor). */
        readonly description?: string;
        /** The component's default where it differs ($CI_COMMIT_SHORT_SHA for version...). */
        readonly default?: string;
        /** A looser or stricter pattern for the component than the action's. */
        readonly pattern?: string;
      };
}

/** What a backend can do, so that modes, inputs and docs never ask for a backend by name. */
export interface BackendCapabilities {
  /**
   * It puts a release on a color itself (Kubernetes sets the image); false: its router only routes,
   * and prepare needs deploy-command (or "none", installed already).
   */
  readonly deploysWorkload: boolean;
  /** promote can move traffic in weight steps (traffic-steps). */
  readonly trafficSteps: boolean;
  /** The preview can be a header-matched rule of the production route (preview-header). */
  readonly headerPreview: boolean;
  /** The read-only access status needs, in one phrase, for the docs and refusals. */
  readonly statusAccess: string;
}

/** The Node.js version a backend needs beyond bluegreen's own minimum, and why. */
export interface NodeRequirement {
  readonly minimum: string;
  readonly reason: string;
}

/**
 * What a backend's input checks may know of the common inputs (the whole Config satisfies it). Kept
 * this narrow so that a backend depends on no more of the run than its inputs need.
 */
export interface CommonSettings {
  readonly mode: Mode;
  readonly dryRun: boolean;
  readonly timeoutSeconds: number;
  /** The user's deploy-command; undefined with `deploy-command: none`. */
  readonly deployCommand?: string;
  readonly smoke: { readonly healthPath: string };
}

/** Parses and checks a backend's own inputs into its typed settings: no I/O, no client library. */
export type SettingsParser<Settings> = (read: InputReader, common: CommonSettings) => Settings;
/** Creates the backend's two faces from its settings and the run's. */
export type BackendFactory<Settings> = (settings: Settings, run: RunSettings) => Backend | Promise<Backend>;

export interface BackendDescriptor<Settings = unknown> {
  /** The value of the backend input. */
  readonly kind: string;
  /** A few words for lists and package descriptions ("HAProxy", "OVHcloud IP Load Balancer"). */
  readonly title: string;
  /** How production is switched, one line for README's table of backends. */
  readonly switchedBy: string;
  /** Its documentation page, relative to the repository root. */
  readonly docs: string;
  /** Its own inputs (an input shared with another backend is the same object in both lists). */
  readonly inputs: readonly InputDescriptor[];
  /** Environment variables holding its credentials: masked, and withheld from deploy-command and test-command. */
  readonly credentialEnv: readonly string[];
  /** Undefined: runs on bluegreen's own minimum Node.js. */
  readonly node?: NodeRequirement;
  readonly capabilities: BackendCapabilities;
  /**
   * Imports the module that checks this backend's inputs (it imports no client library), so that
   * every input error comes before any I/O and before the client is loaded.
   */
  settings(): Promise<SettingsParser<Settings>>;
  /** Imports the implementation (and its client library) only when this backend is used. */
  load(): Promise<BackendFactory<Settings>>;
}

/**
 * Keeps a descriptor's kind as its literal type (so BackendKind is the union of the registry's
 * kinds) while checking it against BackendDescriptor.
 */
export function defineBackend<const Kind extends string, Settings>(
  descriptor: BackendDescriptor<Settings> & { readonly kind: Kind },
): BackendDescriptor<Settings> & { readonly kind: Kind } {
  return descriptor;
}
