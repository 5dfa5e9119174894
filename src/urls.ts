import { maskSecret } from "./platform/secrets.js";

/**
 * URLs that may carry credentials (`https://user:password@host/`). The credentials are used for the
 * requests and never shown: every URL bluegreen prints goes through safeUrl, and the parts are also
 * registered as secrets so that no other path (an error message quoting a URL) can leak them.
 */

/** The URL as it may be printed: user and password replaced by ***. */
export function safeUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = "***";
  copy.password = "";
  return copy.href;
}

/** The same for a value that is not (yet) a valid URL: anything between "//" and "@" is hidden. */
export function safeUrlText(text: string): string {
  return text.replace(/\/\/[^/?#]*@/, "//***@");
}

/**
 * Registers the URL's credentials (as written and decoded) as secrets: the password, or the user
 * when there is no password (`https://TOKEN@host/` carries a token there).
 */
export function maskUrlCredentials(url: URL): void {
  for (const part of [url.password || url.username]) {
    if (!part) continue;
    maskSecret(part);
    maskSecret(safeDecode(part));
  }
}

/** An Authorization header for the URL's credentials, which fetch-style clients do not send by themselves. */
export function basicAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const pair = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
