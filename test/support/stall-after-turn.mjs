// Preloaded with NODE_OPTIONS=--import: freezes this process for BLUEGREEN_TEST_STALL_MS right after it
// took its turn on the HAProxy map (wrote `del map <map> bluegreen.rev.*`), at its next connection (the
// commit's): the whole process stops, timers included, as in a long GC pause or a frozen VM.
import net from "node:net";

const stallMs = Number(process.env.BLUEGREEN_TEST_STALL_MS ?? "0");
let armed = false;
const end = net.Socket.prototype.end;
net.Socket.prototype.end = function (chunk, ...rest) {
  if (typeof chunk === "string" && /^del map \S+ bluegreen\.rev\./.test(chunk)) armed = true;
  return end.call(this, chunk, ...rest);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  if (armed && stallMs > 0) {
    armed = false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stallMs);
  }
  return connect.apply(this, args);
};
