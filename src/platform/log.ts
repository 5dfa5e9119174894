import * as core from "@actions/core";
import { redact } from "./secrets.js";

/** Every line bluegreen prints goes through here, so registered secrets never reach a log. */
export const log = {
  info: (message: string) => core.info(redact(message)),
  warn: (message: string) => core.warning(redact(message)),
  error: (message: string) => core.error(redact(message)),
  debug: (message: string) => core.debug(redact(message)),
};
