import type { NotifyEvent } from "./event.js";
import { factsOf, failedLines } from "./facts.js";

export const ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive";

/**
 * A Microsoft Teams Workflows ("When a Teams webhook request is received") message: a `message`
 * envelope with one Adaptive Card attachment, the only card format Workflows posts (the old
 * connectors' MessageCard is not accepted). Version 1.4: what Teams renders on every client.
 */
export function teamsPayload(event: NotifyEvent): object {
  const body: object[] = [
    { type: "TextBlock", text: event.title, weight: "Bolder", size: "Medium", wrap: true, color: event.ok ? "Good" : "Attention" },
    { type: "TextBlock", text: event.message, wrap: true },
    { type: "FactSet", facts: factsOf(event).map(([title, value]) => ({ title, value })) },
  ];
  const failed = failedLines(event);
  if (failed.length > 0) {
    body.push({ type: "TextBlock", text: "Failed checks", weight: "Bolder", wrap: true });
    for (const line of failed) body.push({ type: "TextBlock", text: `- ${line}`, wrap: true, spacing: "None" });
  }
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    ...(event.run.url ? { actions: [{ type: "Action.OpenUrl", title: "Open the run", url: event.run.url }] } : {}),
  };
  return { type: "message", attachments: [{ contentType: ADAPTIVE_CARD_TYPE, contentUrl: null, content: card }] };
}
