// Builds the renderer's WebAssembly kernels from their text form:
//   worker/src/render/pixels/pixels.wat → worker/src/render/pixels/pixels.wasm
// `npm run build:wasm`. The .wasm is committed (the worker needs no build
// step); worker/src/render/pixels/simd-kernel.test.ts fails if it is stale.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import wabt from "wabt";

const ROOT = path.resolve(import.meta.dirname, "..");
export const WASM_SOURCES = ["worker/src/render/pixels/pixels.wat"];

/** The binary module for a .wat file (repo-relative path). */
export async function buildWasm(watPath: string): Promise<Uint8Array> {
  const tools = await wabt();
  const text = await readFile(path.join(ROOT, watPath), "utf8");
  const parsed = tools.parseWat(path.basename(watPath), text, { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    parsed.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const source of WASM_SOURCES) {
    const binary = await buildWasm(source);
    const target = source.replace(/\.wat$/, ".wasm");
    await writeFile(path.join(ROOT, target), binary);
    console.log(`${target}: ${binary.length} bytes`);
  }
}
