/**
 * bluegreen's policy: every decision of prepare, test, promote, rollback, bake and status, and every
 * change of the ledger, as pure functions of (router facts, settings). No I/O, no clock (the time
 * is a setting), no import of a mode, a platform or a backend: modes read, ask, apply and report.
 */
export { type BakeWindow, bakeRollback, failedBakeReaction } from "./bake.js";
export { handSwitch } from "./drift.js";
export type { Fail, Noop, PolicySettings, Refuse, Repair, RouterFacts, Routing, Switch } from "./facts.js";
export {
  bakeClosedRouting,
  failedPrepareRouting,
  preparedLedger,
  preparedRouting,
  repairedRouting,
  switchedRouting,
  testedRouting,
  withBakeRecord,
  withLiveVersion,
} from "./ledger-transitions.js";
export { decidePrepare, inUseRefusal, liveVersionRefusal, type PrepareDecision, preparedAgain, preparedWrite } from "./prepare.js";
export {
  afterFailedVerify,
  decidePromote,
  type PromoteDecision,
  promoteRouting,
  promoteTarget,
  recordedTest,
  refuseUnready,
  type TestVerdict,
  testVerdict,
} from "./promote.js";
export { decideRollback, type RollbackDecision } from "./rollback.js";
export { repairSentence } from "./split.js";
export { decideTest, previewColor, type TestDecision } from "./test-mode.js";
