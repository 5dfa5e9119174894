import { InputError } from "../errors.js";
import { type InputReader, optional } from "../input-text.js";
import { oneOf } from "../input-values.js";
import { maskSecret } from "../platform/secrets.js";
import { maskUrlCredentials } from "../urls.js";

export const NOTIFY_FORMATS = ["json", "slack", "teams"] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

/** The variable read when the notify input is empty: a GitLab masked variable, or a runner's secret env. */
export const NOTIFY_ENV = "BLUEGREEN_NOTIFY";

/** More webhooks than this is a list pasted by mistake, and each one costs the step up to the delivery budget. */
const MAX_WEBHOOKS = 10;

export interface NotifySettings {
  /** The webhooks, in the order given: secrets, never printed (only "notification 1 of 2"). */
  readonly webhooks: readonly URL[];
  readonly format: NotifyFormat;
}

const ALLOWED = "https:// webhook URLs (http:// only to a loopback address such as 127.0.0.1), separated by commas, spaces or newlines";

/**
 * The notify inputs, checked before anything changes. The webhook URLs are credentials (whoever holds
 * a Slack or Teams webhook URL can post to the channel): each one, and its path, query and token-like
 * parts, is registered as a secret before any check, and no error here quotes any part of it.
 */
export function parseNotify(read: InputReader, env: NodeJS.ProcessEnv = process.env): NotifySettings | undefined {
  const given = optional(read("notify"));
  const raw = given ?? optional(env[NOTIFY_ENV] ?? "");
  const format = oneOf(read, "notify-format", NOTIFY_FORMATS, "json");
  if (raw === undefined) return undefined;
  maskSecret(raw);
  const items = raw.split(/[\s,]+/).filter((item) => item !== "");
  for (const item of items) maskSecret(item);
  const source = given !== undefined ? "" : ` (read from ${NOTIFY_ENV})`;
  if (items.length > MAX_WEBHOOKS) {
    throw new InputError("notify", `holds ${items.length} URLs${source}; allowed: at most ${MAX_WEBHOOKS} ${ALLOWED}.`);
  }
  const webhooks = items.map((item, index) => {
    const which = items.length > 1 ? `URL ${index + 1} of ${items.length}${source}` : `the URL${source}`;
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new InputError("notify", `${which} is not a URL (not shown: it is a secret); allowed: ${ALLOWED}.`);
    }
    maskWebhookParts(url);
    if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname))) return url;
    throw new InputError(
      "notify",
      `${which} is neither https:// nor http:// to a loopback address (not shown: it is a secret); allowed: ${ALLOWED}.`,
    );
  });
  return { webhooks, format };
}

/**
 * Masks what of a webhook URL carries its secret: the URL as parsed, its path and query (Slack's
 * /services/T…/B…/token, Teams' ?…&sig=…), and each path segment or query value that looks like a
 * token or an id. The host alone is not masked: it is public (hooks.slack.com), and masking an
 * address such as 127.0.0.1 would blank it out of every other line of the log.
 */
function maskWebhookParts(url: URL): void {
  maskUrlCredentials(url);
  maskSecret(url.href);
  maskSecret(`${url.host}${url.pathname}`);
  maskSecret(`${url.pathname}${url.search}`);
  maskSecret(url.search);
  const parts = [...url.pathname.split("/"), ...[...url.searchParams.values()]];
  for (const part of parts) if (looksLikeToken(part)) maskSecret(part);
}

/** A part with a digit and 8 characters or more (T0123ABCD, a signature), or long enough to be one. */
function looksLikeToken(part: string): boolean {
  return (part.length >= 8 && /[0-9]/.test(part)) || part.length >= 20;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
