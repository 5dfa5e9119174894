import type { Backend } from "../backend.js";
import type { Config } from "../inputs.js";
import type { Report } from "../report.js";

export interface ModeContext {
  config: Config;
  backend: Backend;
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
