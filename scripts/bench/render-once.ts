// One render, in its own process, for the benchmark (scripts/bench.ts).
// argv: a JSON file {spec, photos, workDir}. Prints one JSON line:
// {wallMs, cpuMs} measured around renderStory only (not Node's start-up),
// where cpuMs is user+system time of this process and every child it waited
// for (ffmpeg), read from /proc/self/stat.
import { readFile } from "node:fs/promises";
import { storySpecSchema } from "../../lib/contracts/story-spec";
import { renderStory } from "../../worker/src/render/render-story";
import { readTreeCpuMs } from "./proc";

const job = JSON.parse(await readFile(process.argv[2], "utf8")) as { spec: unknown; photos: string[]; workDir: string };
const spec = storySpecSchema.parse(job.spec);
const cpuBefore = await readTreeCpuMs();
const started = performance.now();
const result = await renderStory({ spec, photos: job.photos, workDir: job.workDir });
const wallMs = performance.now() - started;
const cpuMs = (await readTreeCpuMs()) - cpuBefore;
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs, video: result.video, frames: result.timeline.totalFrames })}\n`);
