import { execFile } from "node:child_process";
import { promisify } from "node:util";

// Songs with a known beat, made by ffmpeg's lavfi sources (never downloaded),
// for the beat detector's tests and the editor's browser test.

const run = promisify(execFile);

export type SongOptions = {
  bpm: number;
  /** Time of the first beat, seconds. */
  offsetSec: number;
  seconds: number;
  /** "click": a short 1.5 kHz click per beat; "drums": kick on every beat, snare on 2 and 4, hi-hat on every eighth. */
  pattern: "click" | "drums";
  /** Pink noise under it, 0 for none. */
  noise?: number;
};

/** The lavfi filter graph of a song (mono, 44.1 kHz) ending in [out]. */
export function songGraph(options: SongOptions): string {
  const p = 60 / options.bpm;
  const o = options.offsetSec;
  // Time since the latest beat (or eighth), and whether the song has started; mod() of a positive number only.
  const since = (period: number) => `mod(t-${o}+${period * 1000},${period})`;
  const on = `gte(t,${o - 0.001})`;
  const beatIndex = `floor((t-${o}+${p * 1000})/${p})`;
  const voice =
    options.pattern === "click"
      ? `0.7*sin(2*PI*1500*t)*exp(-80*${since(p)})`
      : [
          `0.8*sin(2*PI*(50+90*exp(-25*${since(p)}))*${since(p)})*exp(-9*${since(p)})`,
          `0.35*(2*random(0)-1)*exp(-25*${since(p)})*mod(${beatIndex},2)`,
          `0.12*(2*random(1)-1)*exp(-90*${since(p / 2)})`,
        ].join("+");
  const song = `aevalsrc=exprs='(${voice})*${on}':s=44100:d=${options.seconds}`;
  if (!options.noise) return `${song}[out]`;
  return `${song}[song];anoisesrc=d=${options.seconds}:c=pink:r=44100:a=${options.noise}:seed=7[noise];[song][noise]amix=inputs=2:normalize=0[out]`;
}

/** The song as mono float samples at `sampleRate`, straight from ffmpeg. */
export async function renderSongSamples(options: SongOptions, sampleRate: number): Promise<Float32Array> {
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-filter_complex", songGraph(options), "-map", "[out]", "-ac", "1", "-ar", String(sampleRate), "-f", "f32le", "pipe:1"],
    { encoding: "buffer", maxBuffer: 256 << 20 },
  );
  const bytes = stdout as unknown as Buffer;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** The song as a file (the format follows the extension: .wav, .mp3, …). */
export async function writeSong(file: string, options: SongOptions): Promise<string> {
  await run("ffmpeg", ["-v", "error", "-y", "-filter_complex", songGraph(options), "-map", "[out]", "-ac", "2", file]);
  return file;
}

/** Silence for `silenceSec`, then a 440 Hz tone for `toneSec` (to see where a song was started). */
export async function writeSilenceThenTone(file: string, silenceSec: number, toneSec: number): Promise<string> {
  const graph = `aevalsrc=exprs='0.5*sin(2*PI*440*t)*gte(t,${silenceSec})':s=44100:d=${silenceSec + toneSec}[out]`;
  await run("ffmpeg", ["-v", "error", "-y", "-filter_complex", graph, "-map", "[out]", file]);
  return file;
}
