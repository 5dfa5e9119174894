import { log } from "../platform/log.js";
import type { Report } from "../report.js";
import { DEFAULT_LIMITS, type DeliveryLimits, deliver } from "./deliver.js";
import { type EventContext, eventOf } from "./event.js";
import { payloadOf } from "./payload.js";
import type { NotifySettings } from "./settings.js";

export { type NotifySettings, parseNotify } from "./settings.js";

/**
 * Tells the webhooks what the run did, when it did something worth telling (see eventOf). Every
 * webhook gets the same message, all at once. Never throws and never changes the step's result: an
 * undeliverable notification is a warning that names it by number and format, never by its URL.
 */
export async function notify(
  settings: NotifySettings | undefined,
  report: Report,
  context: EventContext,
  limits: DeliveryLimits = DEFAULT_LIMITS,
): Promise<void> {
  if (!settings || settings.webhooks.length === 0) return;
  const event = eventOf(report, context);
  if (!event) return;
  const body = payloadOf(event, settings.format);
  const count = settings.webhooks.length;
  await Promise.all(
    settings.webhooks.map(async (webhook, index) => {
      const name = `Notification ${index + 1} of ${count} (${settings.format}, ${event.event})`;
      try {
        const delivery = await deliver(webhook, body, limits);
        if (delivery.ok) log.info(`${name}: delivered (HTTP ${delivery.status}).`);
        else
          log.warn(
            `${name} was not delivered: ${delivery.problem} after ${delivery.tries} ${delivery.tries === 1 ? "try" : "tries"}. The step's result stands; check the webhook.`,
          );
      } catch {
        // deliver() describes its own failures; anything else is still only a warning, and says no more.
        log.warn(`${name} was not delivered: an unexpected error. The step's result stands.`);
      }
    }),
  );
}
