import { readFile, readdir } from "node:fs/promises";

// Process-tree accounting from /proc (Linux): CPU time of a process and the
// children it has waited for, and the summed resident memory of a tree.

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
async function statFields(pid: number | "self"): Promise<string[]> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** utime + stime + cutime + cstime of this process, in ms: its own CPU and that of every child it reaped. */
export async function readTreeCpuMs(): Promise<number> {
  const f = await statFields("self");
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
  return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (ms) of the children this process has reaped so far. */
export async function readChildrenCpuMs(): Promise<number> {
  const f = await statFields("self");
  return ((Number(f[13]) + Number(f[14])) * 1000) / TICKS_PER_SECOND;
}

/** Direct children of a process (threads' children included). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  try {
    for (const task of await readdir(`/proc/${pid}/task`)) {
      const list = await readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "");
      children.push(...list.split(" ").filter(Boolean).map(Number));
    }
  } catch {
    // the process ended while we looked
  }
  return children;
}

async function rssKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory (kB) of a process and all its descendants, right now. */
export async function readTreeRssKb(root: number): Promise<number> {
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += await rssKb(pid);
    stack.push(...(await childrenOf(pid)));
  }
  return total;
}

/** Samples a tree's RSS every `everyMs` until stopped; returns the peak in kB. */
export function samplePeakRss(root: number, everyMs = 20): { stop: () => Promise<number> } {
  let peak = 0;
  let isRunning = true;
  const loop = (async () => {
    while (isRunning) {
      peak = Math.max(peak, await readTreeRssKb(root));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      isRunning = false;
      await loop;
      return peak;
    },
  };
}
