/**
 * OVH frontends have no annotations, so bluegreen keeps its ledger in the first production
 * frontend's displayName, after the user's own name: `www [bg:live=green&previous=blue...]`.
 * The name is "for you" in OVH's words (no effect on traffic), survives between jobs, and is
 * written in the same PUT as that frontend's defaultFarmId, so routing and record move together.
 */

const LEDGER_SUFFIX = /\s*\[bg:([^\]]*)\]\s*$/;

export interface DisplayName {
  /** What the user named the frontend, without bluegreen's note. */
  userName: string;
  /** The encodeLedger() text, "" when there is none yet. */
  ledgerText: string;
}

export function splitDisplayName(name: string | null | undefined): DisplayName {
  const text = name ?? "";
  const match = LEDGER_SUFFIX.exec(text);
  if (!match) return { userName: text, ledgerText: "" };
  return { userName: text.slice(0, match.index), ledgerText: match[1] as string };
}

/** encodeLedger() output never holds "[" or "]" (URLSearchParams escapes them), so the suffix parses back. */
export function joinDisplayName(userName: string, ledgerText: string): string {
  if (ledgerText === "") return userName;
  return userName === "" ? `[bg:${ledgerText}]` : `${userName} [bg:${ledgerText}]`;
}
