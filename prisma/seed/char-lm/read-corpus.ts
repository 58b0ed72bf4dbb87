import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export type CorpusDocument = { name: string; text: string };

/** Resolved from this file, not from cwd, so the seed works from any directory. */
export const CORPUS_DIR = fileURLToPath(new URL("../corpus/", import.meta.url));

/**
 * Every `.txt` file in the corpus folder, sorted by name. The sort matters:
 * readdir order depends on the filesystem, and the model must be the same on every machine.
 */
export const readCorpus = async (dir: string = CORPUS_DIR): Promise<CorpusDocument[]> => {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".txt")).sort();
  if (names.length === 0) throw new Error(`no .txt files in corpus directory ${dir}`);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), "utf8") })));
};
