import type { NotifyEvent } from "./event.js";
import { clipped, factsOf, failedLines } from "./facts.js";

/**
 * A Slack incoming webhook's message: `text` (the notification and the fallback where blocks are not
 * shown) and Block Kit `blocks`. Limits from Slack's Block Kit reference: a header's plain text 150
 * characters, a section's text 3,000, a section's fields at most 10 of 2,000 each.
 */
export function slackPayload(event: NotifyEvent): { text: string; blocks: object[] } {
  const mark = event.ok ? ":white_check_mark:" : ":rotating_light:";
  const fields = factsOf(event)
    .slice(0, 10)
    .map(([label, value]) => ({ type: "mrkdwn", text: clipped(`*${label}*\n${slackEscaped(value)}`, 2_000) }));
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: clipped(event.title, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: clipped(slackEscaped(event.message), 3_000) } },
    { type: "section", fields },
  ];
  const failed = failedLines(event);
  if (failed.length > 0) {
    const text = `*Failed checks*\n${failed.map((line) => `• ${slackEscaped(line)}`).join("\n")}`;
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clipped(text, 3_000) } });
  }
  if (event.run.url) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${event.run.url}|Open the run> · ${slackEscaped(event.time)}` }] });
  }
  return { text: clipped(`${mark} ${slackEscaped(event.title)}`, 3_000), blocks };
}

/**
 * Slack reads &, < and > as markup (<!channel> would ping everyone): text from the run (a check's
 * detail quotes an HTTP body) is escaped before it goes in, as Slack's formatting guide asks.
 */
function slackEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
