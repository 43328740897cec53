#!/usr/bin/env node
// A stand-in for ffmpeg in tests (point FFMPEG_PATH at this file): it runs
// the real ffmpeg ($GATED_FFMPEG_REAL, default "ffmpeg") with the same
// arguments and passes its input and output through, except that it stops
// feeding it once the real one has reported `frame=N` (-progress) for an N
// at or past the number written in the file $GATED_FFMPEG_GATE, for as long
// as the file says so. A test thus holds a render at a frame of its choice
// and lets it go on when it wants, however fast the renderer is. No file,
// or no such variable: nothing is held.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const gateFile = process.env.GATED_FFMPEG_GATE;
const real = spawn(process.env.GATED_FFMPEG_REAL ?? "ffmpeg", process.argv.slice(2), { stdio: ["pipe", "pipe", "inherit"] });

let frame = 0;
let holdAt = Infinity;
function readGate() {
  if (!gateFile) return;
  try {
    const value = Number(readFileSync(gateFile, "utf8").trim());
    holdAt = Number.isFinite(value) ? value : Infinity;
  } catch {
    holdAt = Infinity; // no gate file: nothing held
  }
}
readGate();
const isHeld = () => frame >= holdAt;

function resumeIfFree() {
  if (process.stdin.isPaused() && !isHeld() && !real.stdin.writableNeedDrain) process.stdin.resume();
}
process.stdin.on("data", (chunk) => {
  if (!real.stdin.write(chunk) || isHeld()) process.stdin.pause();
});
process.stdin.on("end", () => real.stdin.end());
real.stdin.on("drain", resumeIfFree);
real.stdin.on("error", () => undefined); // the real ffmpeg's exit code says what happened
const poll = setInterval(() => {
  readGate();
  resumeIfFree();
}, 50);

real.stdout.on("data", (chunk) => {
  for (const match of chunk.toString().matchAll(/^frame=(\d+)/gm)) frame = Number(match[1]);
  process.stdout.write(chunk);
});
real.on("close", (code, signal) => {
  clearInterval(poll);
  process.exitCode = code ?? (signal ? 1 : 0);
  process.stdin.destroy();
});
