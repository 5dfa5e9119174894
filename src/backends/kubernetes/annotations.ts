import { type Color, isColor } from "../../colors.js";
import { decodeLedger, encodeLedger, type Ledger } from "../../ledger.js";

/** bluegreen's record on the Service or Route: the ledger itself, and readable copies for people. */
export const LEDGER_ANNOTATION = "bluegreen.io/ledger";
export const LIVE_ANNOTATION = "bluegreen.io/live-color";
export const PREVIOUS_ANNOTATION = "bluegreen.io/previous-color";
export const VERSION_ANNOTATION = "bluegreen.io/live-version";
export const SWITCHED_AT_ANNOTATION = "bluegreen.io/switched-at";
export const SWITCHED_BY_ANNOTATION = "bluegreen.io/switched-by-run";

/**
 * The annotations to merge-patch for a ledger. Values bluegreen has no longer are sent as null,
 * which a merge patch turns into "remove", so no stale record survives.
 */
export function ledgerAnnotations(ledger: Ledger, live: Color): Record<string, string | null> {
  return {
    [LEDGER_ANNOTATION]: encodeLedger(ledger),
    [LIVE_ANNOTATION]: live,
    [PREVIOUS_ANNOTATION]: ledger.previous ?? null,
    [VERSION_ANNOTATION]: ledger.versions[live] ?? null,
    [SWITCHED_AT_ANNOTATION]: ledger.at ?? null,
    [SWITCHED_BY_ANNOTATION]: ledger.run ?? null,
  };
}

/**
 * The ledger from an object's annotations. When only the readable annotations are there (written
 * by hand, or by an older bluegreen), the rollback target still comes from them.
 */
export function ledgerFrom(annotations: Record<string, string> | undefined): Ledger {
  const ledger = decodeLedger(annotations?.[LEDGER_ANNOTATION]);
  if (annotations?.[LEDGER_ANNOTATION] === undefined) {
    const live = annotations?.[LIVE_ANNOTATION];
    const previous = annotations?.[PREVIOUS_ANNOTATION];
    if (isColor(live)) ledger.live = live;
    if (isColor(previous)) ledger.previous = previous;
  }
  return ledger;
}
