import type { NotifyEvent } from "./event.js";
import type { NotifyFormat } from "./settings.js";
import { slackPayload } from "./slack.js";
import { teamsPayload } from "./teams.js";

/** The version of the json format (docs/notify.schema.json): raised only by a change that breaks a reader. */
export const JSON_SCHEMA_VERSION = 1;

/** The request body for a webhook of the given format. */
export function payloadOf(event: NotifyEvent, format: NotifyFormat): string {
  switch (format) {
    case "json":
      return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...event });
    case "slack":
      return JSON.stringify(slackPayload(event));
    case "teams":
      return JSON.stringify(teamsPayload(event));
  }
}
