import { plainIo } from "./plain.js";
import type { PlatformIo } from "./platform-io.js";

export type { PlatformIo };

/** Plain until a run chooses (platform/choose.ts): code used in-process, as tests do, loads no GitHub library. */
let current: PlatformIo = plainIo;

/** The implementation this run uses. */
export function platformIo(): PlatformIo {
  return current;
}

/** Only choose.ts calls this, once the implementation is loaded. */
export function setPlatformIo(io: PlatformIo): void {
  current = io;
}
