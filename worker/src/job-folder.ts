import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// Each order renders in a temp folder of its own (photos, music, video,
// poster), removed when the order ends. A worker that is killed (SIGKILL,
// out of memory) cannot remove it, so each folder names its worker's pid,
// and a worker starting up removes the folders of workers that no longer
// run (several workers may share one machine's temp folder).

const PREFIX = "reelmaker-";
const OWNER_FILE = ".owner-pid";

/** A new folder for one order's files, marked as this process's. */
export async function createJobFolder(orderId: string, root = os.tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(root, `${PREFIX}${orderId}-`));
  await writeFile(path.join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the job folders whose worker no longer runs; returns their names. Folders without an owner are left alone. */
export async function removeAbandonedJobFolders(root = os.tmpdir(), isAlive = isProcessAlive): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(PREFIX)) continue;
    const dir = path.join(root, entry.name);
    const owner = Number(await readFile(path.join(dir, OWNER_FILE), "utf8").catch(() => ""));
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || isAlive(owner)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}
