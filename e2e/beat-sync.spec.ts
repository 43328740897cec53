import { writeFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { storySpecSchema } from "../lib/contracts/story-spec";
import { clipChangeTimesMs, computeTimeline } from "../lib/timeline";
import { readGrayFrames } from "../tests/support/media";
import { writeSong } from "../tests/support/songs";
import type { Page } from "@playwright/test";
import { collectErrors, expect, test, type Rgb } from "./fixtures";

// "Change slides on the beat" in real chromium: the editor decodes the song
// the customer picked (a click track ffmpeg makes at 128 BPM, first click at
// 0.2 s, under noise), finds its beat, and with the toggle on every photo
// lasts whole beats; the order the browser sends, and the video the worker
// makes from it, change photos on the song's beats, counted from where the
// customer starts the song.

const TRUE_BEAT = { bpm: 128, offsetMs: 200 };
const PERIOD_MS = 60_000 / TRUE_BEAT.bpm;
const COLORS: Rgb[] = [
  [200, 40, 40],
  [40, 200, 40],
  [40, 40, 200],
  [200, 200, 40],
];

/** A full-page screenshot, kept as a file of the test's output (and attached to the report). */
async function shoot(page: Page, file: string) {
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Distance (ms) from a song time to the nearest beat of a grid. */
const offBeat = (grid: { periodMs: number; phaseMs: number }, songMs: number) => {
  const k = Math.round((songMs - grid.phaseMs) / grid.periodMs);
  return Math.abs(songMs - (grid.phaseMs + k * grid.periodMs));
};

test("slides change on the beat of the song, from where it starts, in the order and in the video", async ({ page, makePhotos }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto("/editor");
  await page.getByLabel("Add photos").setInputFiles(await makePhotos(COLORS));
  // A cut shows exactly where each change is (the middle of a crossfade is checked by the unit tests).
  await page.getByRole("group", { name: "Transition between photos" }).getByRole("radio", { name: "None" }).check();
  const song = await writeSong(testInfo.outputPath("click-128.wav"), { bpm: TRUE_BEAT.bpm, offsetSec: TRUE_BEAT.offsetMs / 1000, seconds: 40, pattern: "click", noise: 0.1 });
  await page.getByLabel("Add music").setInputFiles(song);
  await expect(page.getByTestId("music-status")).toHaveText(/^Ready/, { timeout: 30_000 });

  const toggle = page.getByRole("switch", { name: "Change slides on the beat" });
  await expect(toggle).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^128 BPM\./)).toBeVisible();
  const info = page.getByTestId("beat-info");
  const detected = { periodMs: Number(await info.getAttribute("data-period-ms")), phaseMs: Number(await info.getAttribute("data-phase-ms")) };
  expect(Math.abs(detected.periodMs - PERIOD_MS)).toBeLessThan(0.1);
  expect(offBeat({ periodMs: PERIOD_MS, phaseMs: TRUE_BEAT.offsetMs }, detected.phaseMs)).toBeLessThan(10);

  // Start the song 5 s in; on the beat it starts on the nearest beat (4.8875 s).
  await page.getByLabel("Song starts at").fill("5000");
  await expect(page.getByTestId("music-start")).toHaveText("0:05.0");
  await testInfo.attach("music-settings-before", { path: await shoot(page, testInfo.outputPath("music-settings-before.png")), contentType: "image/png" });
  await toggle.check();
  await expect(page.getByTestId("music-start")).toHaveText("0:04.9");
  await expect(page.getByText("It starts on the beat nearest your choice.")).toBeVisible();
  // The start and beat controls pass axe's WCAG 2.1 AA checks like the rest of the editor.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);

  // The photos' real lengths: 6 beats each (2.8125 s), though 3 s was chosen for each.
  await expect(page.getByTestId("beat-lengths")).toHaveText("On the beat, the photos last 2.8 s, 2.8 s, 2.8 s and 2.8 s.");
  await expect(page.getByTestId("total-length")).toHaveText(/^0:11\.[23]$/);

  // Kept in the saved story: after a reload the song still starts on the beat and the slides follow it.
  await expect(page.getByTestId("save-status")).toHaveText(/All changes saved/);
  await page.reload();
  await expect(page.getByRole("switch", { name: "Change slides on the beat" })).toBeChecked();
  await expect(page.getByTestId("music-start")).toHaveText("0:04.9");
  await expect(page.getByTestId("total-length")).toHaveText(/^0:11\.[23]$/);
  await testInfo.attach("music-settings-on-the-beat", { path: await shoot(page, testInfo.outputPath("music-settings-on-the-beat.png")), contentType: "image/png" });

  // The preview plays the song from its start, in step with the picture.
  await page.getByRole("button", { name: "Play preview" }).click();
  await expect(page.getByRole("button", { name: "Pause preview" })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.querySelector("audio")!.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(4.9 + 0.3);
  const inStep = await page.evaluate(() => {
    const audio = document.querySelector("audio")!;
    const frame = Number(document.querySelector("[data-testid=preview-canvas]")!.getAttribute("data-frame"));
    return { song: audio.currentTime, picture: frame / 30 };
  });
  expect(Math.abs(inStep.song - 4.888 - inStep.picture)).toBeLessThan(0.3);
  await page.getByRole("button", { name: "Pause preview" }).click();

  await expect(page.getByTestId("order-blocker")).toHaveText("Ready to make your video.", { timeout: 60_000 });
  const ordered = page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname === "/api/orders");
  await page.getByRole("button", { name: "Make my video" }).click();
  const spec = storySpecSchema.parse((await ordered).postDataJSON());

  // Each photo (3 s chosen) lasts 6 beats (2.8125 s) give or take the frame it is rounded to; the song starts on a beat.
  expect(Math.abs(spec.music!.startMs - (TRUE_BEAT.offsetMs + 10 * PERIOD_MS))).toBeLessThan(10);
  expect(offBeat(detected, spec.music!.startMs)).toBeLessThan(1);
  for (const slide of spec.slides) expect(Math.abs(slide.durationMs - 6 * PERIOD_MS)).toBeLessThan(1000 / 30 + 1);
  const timeline = computeTimeline(spec);
  const changes = clipChangeTimesMs(timeline);
  for (const change of changes) {
    expect(offBeat(detected, spec.music!.startMs + change)).toBeLessThan(1000 / 30 / 2 + 1);
    expect(offBeat({ periodMs: PERIOD_MS, phaseMs: TRUE_BEAT.offsetMs }, spec.music!.startMs + change)).toBeLessThan(1000 / 30 / 2 + 11);
  }

  // The video: each cut from one photo to the next is on the frame the timeline says.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "done", { timeout: 170_000 });
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download video" }).click();
  const file = testInfo.outputPath("on-the-beat.mp4");
  await (await download).saveAs(file);
  const frames = await readGrayFrames(file, { width: 16, height: 9 });
  expect(frames).toHaveLength(timeline.totalFrames);
  const grays = COLORS.map(([r, g, b]) => 0.299 * r + 0.587 * g + 0.114 * b);
  const shown = frames.map((frame) => {
    const mean = frame.reduce((sum, v) => sum + v, 0) / frame.length;
    return grays.reduce((best, gray, i) => (Math.abs(gray - mean) < Math.abs(grays[best] - mean) ? i : best), 0);
  });
  const cuts = shown.flatMap((photo, frame) => (frame > 0 && photo !== shown[frame - 1] ? [frame] : []));
  expect(cuts).toEqual(timeline.clips.slice(1).map((clip) => clip.startFrame));
  for (const cut of cuts) expect(offBeat(detected, spec.music!.startMs + (cut * 1000) / 30)).toBeLessThan(1000 / 30 / 2 + 1);
  await testInfo.attach("order-done", { path: await shoot(page, testInfo.outputPath("order-done.png")), contentType: "image/png" });
  expect(errors).toEqual([]);
});

test.describe("a song the slides cannot follow", () => {
  for (const { name, file, status } of [
    { name: "noise has no steady beat", file: "noise.wav", status: "No steady beat was found in this song, so slides cannot follow it." },
    {
      name: "a file the browser cannot decode",
      file: "broken.mp3",
      status: "This browser could not read the song to find its beat or where to start it; the song still plays in the video from its beginning.",
    },
  ]) {
    test(`says so: ${name}`, async ({ page }, testInfo) => {
      const path = testInfo.outputPath(file);
      if (file === "noise.wav") {
        await writeSong(path, { bpm: 120, offsetSec: 1000, seconds: 12, pattern: "click", noise: 0.5 });
      } else {
        // An MP3 frame header, then noise: accepted by the upload's check (the worker would fail the order plainly), undecodable.
        const noise = Buffer.alloc(20_000);
        for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919) & 255;
        await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), noise]));
      }
      await page.goto("/editor");
      await page.getByLabel("Add music").setInputFiles(path);
      await expect(page.getByTestId("beat-status")).toHaveText(status, { timeout: 30_000 });
      await expect(page.getByRole("switch", { name: "Change slides on the beat" })).toHaveCount(0);
      await testInfo.attach(`no-beat-${file}`, { path: await shoot(page, testInfo.outputPath(`no-beat-${file}.png`)), contentType: "image/png" });
    });
  }
});
