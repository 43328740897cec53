import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createJobFolder, isProcessAlive, removeAbandonedJobFolders } from "./job-folder";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "job-folder-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = () => {
  const { pid } = spawnSync("true");
  expect(isProcessAlive(pid!)).toBe(false);
  return pid!;
};

describe("job folders", () => {
  it("removes the folders of workers that no longer run, and only those", async () => {
    const mine = await createJobFolder("order-mine", root);
    const abandoned = path.join(root, "reelmaker-order-dead-abc123");
    await mkdir(abandoned);
    await writeFile(path.join(abandoned, ".owner-pid"), String(deadPid()));
    await writeFile(path.join(abandoned, "video.mp4"), "half a video");
    const otherLiveWorker = path.join(root, "reelmaker-order-live-def456");
    await mkdir(otherLiveWorker);
    await writeFile(path.join(otherLiveWorker, ".owner-pid"), String(process.ppid));
    const unowned = path.join(root, "reelmaker-golden-xyz"); // e.g. a test's folder: no owner, not ours to remove
    await mkdir(unowned);
    const unrelated = path.join(root, "something-else");
    await mkdir(unrelated);
    await writeFile(path.join(unrelated, ".owner-pid"), String(deadPid()));

    expect(await removeAbandonedJobFolders(root)).toEqual(["reelmaker-order-dead-abc123"]);
    expect(existsSync(abandoned)).toBe(false);
    expect((await readdir(root)).sort()).toEqual([path.basename(mine), "reelmaker-golden-xyz", "reelmaker-order-live-def456", "something-else"].sort());
  });

  it("names each folder after its order and marks it with this process's pid", async () => {
    const dir = await createJobFolder("ord_1", root);
    expect(path.basename(dir)).toMatch(/^reelmaker-ord_1-/);
    expect(await removeAbandonedJobFolders(root, () => false)).toEqual([]); // its own folder, whatever the check says
  });
});
