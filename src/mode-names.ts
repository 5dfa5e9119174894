/** The modes, one per pipeline stage (this module imports nothing: descriptors and the CLI read it). */
export const MODES = ["prepare", "test", "promote", "rollback", "status"] as const;
export type Mode = (typeof MODES)[number];
