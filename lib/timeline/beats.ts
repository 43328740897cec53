// Finds a song's steady beat: its tempo and where the beats fall. Pure, so it
// runs the same in the editor (on the song decoded by the browser) and in
// tests (on songs ffmpeg generates). Assumes one steady tempo, as most pop
// and dance music has; a song with a drifting tempo (a live recording) gets
// the best single grid, which drifts off the beat over time.
//
// How: an onset-strength envelope (spectral flux: how much louder each
// frequency got since the previous 5.8 ms frame, summed), then the beat
// period and phase whose grid of beats collects the most onset strength.
// A grid twice too fast collects the same strength with twice the beats,
// and one twice too slow half the strength with half the beats, so the
// score (strength² × period) prefers the true tempo by a factor of two.

/** The rate the song is analysed at (the browser resamples to it while decoding). */
export const BEAT_SAMPLE_RATE = 11_025;
/** Tempi searched: one of each octave's pair up to 140 BPM, and both above. */
export const MIN_BPM = 70;
export const MAX_BPM = 180;
/** At most this much of the song is analysed (from its start). */
export const MAX_ANALYSED_SECONDS = 600;

const FFT_SIZE = 256;
const HOP = 64;
/** Envelope frames a beat may be off and still count (each side), ≈ 17 ms. */
const TOLERANCE_FRAMES = 3;
/** The grid is fitted to stretches of this many seconds first, so a small period error does not hide it. */
const SEGMENT_SECONDS = 10;
/** Below this share of its onset strength on the grid, a song has no steady beat (noise, speech, silence). */
const MIN_CONFIDENCE = 0.15;
/**
 * Where in its window an onset is when the flux peaks: the envelope's frame
 * n (the change from the window at (n−1)·HOP to the one at n·HOP) peaks
 * for an onset about 166 samples (15 ms) into the window at n·HOP.
 * Measured on the click tracks and drum patterns of beats.test.ts (the
 * beats came out 9.3 ms early, ±0.5 ms, with the window's middle minus a
 * hop).
 */
const ONSET_LATENCY_SAMPLES = 166;

export type BeatGrid = {
  /** Tempo, beats per minute (not rounded). */
  bpm: number;
  /** 60 000 / bpm. */
  periodMs: number;
  /** Time of a beat (the first, 0 ≤ phaseMs < periodMs) from the start of the song. */
  phaseMs: number;
  /** Share (0..1) of the song's onset strength that falls on the grid. */
  confidence: number;
};

/** Averages the channels of a decoded song into one (what the analysis reads). */
export function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0];
  const mono = new Float32Array(channels[0]?.length ?? 0);
  for (const channel of channels) for (let i = 0; i < mono.length; i += 1) mono[i] += channel[i] / channels.length;
  return mono;
}

/** In-place radix-2 FFT of (re, im), length a power of two. */
function fft(re: Float64Array, im: Float64Array, reversed: Uint32Array, cos: Float64Array, sin: Float64Array) {
  const n = re.length;
  for (let i = 0; i < n; i += 1) {
    const j = reversed[i];
    if (j > i) {
      const r = re[i];
      re[i] = re[j];
      re[j] = r;
      const m = im[i];
      im[i] = im[j];
      im[j] = m;
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k += 1) {
        const wr = cos[k * step];
        const wi = -sin[k * step];
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/**
 * The onset strength per frame of HOP samples: spectral flux of
 * log-compressed magnitudes, less its local average (so steady noise counts
 * for nothing), smoothed over ±TOLERANCE_FRAMES so a beat a few ms early or
 * late still counts. Frame n is at (n·HOP + ONSET_LATENCY_SAMPLES) / rate.
 */
export function onsetEnvelope(samples: Float32Array): Float32Array {
  const frames = Math.max(0, Math.floor((samples.length - FFT_SIZE) / HOP) + 1);
  const window = new Float64Array(FFT_SIZE);
  for (let i = 0; i < FFT_SIZE; i += 1) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FFT_SIZE);
  const bits = Math.log2(FFT_SIZE);
  const reversed = new Uint32Array(FFT_SIZE);
  for (let i = 0; i < FFT_SIZE; i += 1) {
    let r = 0;
    for (let b = 0; b < bits; b += 1) r |= ((i >> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const cos = new Float64Array(FFT_SIZE / 2);
  const sin = new Float64Array(FFT_SIZE / 2);
  for (let k = 0; k < FFT_SIZE / 2; k += 1) {
    cos[k] = Math.cos((2 * Math.PI * k) / FFT_SIZE);
    sin[k] = Math.sin((2 * Math.PI * k) / FFT_SIZE);
  }
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  const bins = FFT_SIZE / 2;
  let previous = new Float64Array(bins);
  let current = new Float64Array(bins);
  const flux = new Float32Array(frames);
  for (let n = 0; n < frames; n += 1) {
    const offset = n * HOP;
    for (let i = 0; i < FFT_SIZE; i += 1) {
      re[i] = samples[offset + i] * window[i];
      im[i] = 0;
    }
    fft(re, im, reversed, cos, sin);
    let sum = 0;
    for (let k = 1; k < bins; k += 1) {
      const magnitude = Math.log1p(100 * Math.sqrt(re[k] * re[k] + im[k] * im[k]));
      current[k] = magnitude;
      const rise = magnitude - previous[k];
      if (n > 0 && rise > 0) sum += rise;
    }
    flux[n] = sum;
    const swap = previous;
    previous = current;
    current = swap;
  }

  // Less the local average over ±0.2 s: what is left are the onsets.
  const radius = Math.round((0.2 * BEAT_SAMPLE_RATE) / HOP);
  const prefix = new Float64Array(frames + 1);
  for (let n = 0; n < frames; n += 1) prefix[n + 1] = prefix[n] + flux[n];
  const peaks = new Float32Array(frames);
  for (let n = 0; n < frames; n += 1) {
    const from = Math.max(0, n - radius);
    const to = Math.min(frames, n + radius + 1);
    peaks[n] = Math.max(0, flux[n] - (prefix[to] - prefix[from]) / (to - from));
  }
  // A triangle over ±TOLERANCE_FRAMES.
  const smooth = new Float32Array(frames);
  for (let n = 0; n < frames; n += 1) {
    let sum = 0;
    for (let d = -TOLERANCE_FRAMES; d <= TOLERANCE_FRAMES; d += 1) {
      const at = n + d;
      if (at >= 0 && at < frames) sum += peaks[at] * (TOLERANCE_FRAMES + 1 - Math.abs(d));
    }
    smooth[n] = sum / (TOLERANCE_FRAMES + 1);
  }
  return smooth;
}

/** The envelope at a fractional frame (linear between frames). */
function sampleAt(envelope: Float32Array, at: number, from: number, to: number): number {
  if (at < from || at > to - 1) return 0;
  const i = Math.floor(at);
  const t = at - i;
  return i + 1 < to ? envelope[i] * (1 - t) + envelope[i + 1] * t : envelope[i];
}

/** The phase (in frames) of the period whose beats collect the most onset strength within [from, to), and that strength. */
function bestPhase(envelope: Float32Array, period: number, from: number, to: number, phaseStep: number, phases?: { center: number; radius: number }) {
  let best = { phase: 0, strength: -1 };
  const start = phases ? phases.center - phases.radius : 0;
  const end = phases ? phases.center + phases.radius : period;
  for (let phase = start; phase < end; phase += phaseStep) {
    let strength = 0;
    const first = phase + Math.ceil((from - phase) / period) * period;
    for (let at = first; at < to; at += period) strength += sampleAt(envelope, at, from, to);
    if (strength > best.strength) best = { phase, strength };
  }
  return best;
}

/** The beat grid of the whole stretch at one period: its best phase and strength, the phase refined. */
function fitGrid(envelope: Float32Array, period: number) {
  const coarse = bestPhase(envelope, period, 0, envelope.length, 0.5);
  return bestPhase(envelope, period, 0, envelope.length, 0.05, { center: coarse.phase, radius: 0.5 });
}

const bpmOfPeriod = (frames: number) => (60 * BEAT_SAMPLE_RATE) / (frames * HOP);

/** A mild preference for tempi near 120 BPM, to settle near-ties between octaves. */
const tempoPrior = (bpm: number) => Math.exp(-0.5 * Math.log2(bpm / 120) ** 2);

/**
 * The song's beat grid, from mono samples at BEAT_SAMPLE_RATE; null when it
 * has no steady beat (silence, noise, speech) or is shorter than 4 s.
 */
export function detectBeats(samples: Float32Array): BeatGrid | null {
  const analysed = samples.subarray(0, Math.min(samples.length, MAX_ANALYSED_SECONDS * BEAT_SAMPLE_RATE));
  if (analysed.length < 4 * BEAT_SAMPLE_RATE) return null;
  const envelope = onsetEnvelope(analysed);
  let total = 0;
  for (const value of envelope) total += value;
  if (total <= 0) return null;

  // Coarse: every period on a quarter-frame grid, fitted stretch by stretch.
  const minPeriod = (60 * BEAT_SAMPLE_RATE) / (MAX_BPM * HOP);
  const maxPeriod = (60 * BEAT_SAMPLE_RATE) / (MIN_BPM * HOP);
  const segment = Math.round((SEGMENT_SECONDS * BEAT_SAMPLE_RATE) / HOP);
  let coarse = { period: 0, score: -1 };
  for (let period = minPeriod; period <= maxPeriod; period += 0.25) {
    let score = 0;
    for (let from = 0; from < envelope.length; from += segment) {
      const to = Math.min(envelope.length, from + segment);
      if (to - from < period * 2) continue;
      const { strength } = bestPhase(envelope, period, from, to, 1);
      score += strength * strength * period;
    }
    score *= tempoPrior(bpmOfPeriod(period));
    if (score > coarse.score) coarse = { period, score };
  }

  // Fine: the period (to a thousandth of a frame) whose grid over the whole song is strongest.
  let fine = { period: coarse.period, ...fitGrid(envelope, coarse.period) };
  for (const [radius, step] of [
    [0.3, 0.02],
    [0.03, 0.002],
  ]) {
    const center = fine.period;
    for (let period = center - radius; period <= center + radius; period += step) {
      const grid = fitGrid(envelope, period);
      if (grid.strength > fine.strength) fine = { period, ...grid };
    }
  }

  // A beat's onset adds to the smoothed envelope over 2·TOLERANCE_FRAMES + 1 frames, TOLERANCE_FRAMES + 1 times its peak.
  const confidence = Math.min(1, (fine.strength * (TOLERANCE_FRAMES + 1)) / total);
  if (confidence < MIN_CONFIDENCE) return null;
  const frameMs = (HOP * 1000) / BEAT_SAMPLE_RATE;
  const periodMs = fine.period * frameMs;
  const phaseMs = (((fine.phase * frameMs + (ONSET_LATENCY_SAMPLES * 1000) / BEAT_SAMPLE_RATE) % periodMs) + periodMs) % periodMs;
  return { bpm: 60_000 / periodMs, periodMs, phaseMs, confidence };
}
