import type { Router, Workload } from "../backend.js";
import type { Config } from "../inputs.js";
import type { Report } from "../report.js";

export interface ModeContext {
  config: Config;
  /** The traffic face: where production and the preview entry go. */
  router: Router;
  /** The workload face: what runs behind each color. */
  workload: Workload;
  report: Report;
  /** Identifies this CI run on the router's ledger. */
  run: string;
  now: () => Date;
}

/** What a mode hands back for the step outputs. */
export interface ModeResult {
  active: string;
  previous: string;
  target: string;
  version: string;
  changed: boolean;
}
