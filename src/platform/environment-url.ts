/**
 * verify-url as a workflow may show it (`environment.url`, a deployment's environment_url): without
 * the user name and password a URL may carry, which must never reach GitHub's pages or a log.
 */
export function environmentUrl(url: URL | undefined): string {
  if (!url) return "";
  const shown = new URL(url.href);
  shown.username = "";
  shown.password = "";
  shown.hash = "";
  return shown.href;
}
