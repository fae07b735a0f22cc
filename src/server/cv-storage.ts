// Private storage of candidates' CVs, behind one small module:
// Supabase Storage (private bucket `cv`) in production, a git-ignored folder locally.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isLocalDatabase, localDataDir, serverEnv } from './env.ts';
import { serviceClient } from './supabase.ts';

const localRoot = localDataDir('cv');

function isLocal(): boolean {
  return isLocalDatabase(serverEnv().SUPABASE_URL);
}

/**
 * Store a PDF under the submission's idempotency key (a replayed submission overwrites the
 * same file instead of leaving a copy); returns its private path, never a public URL.
 */
export async function storeCv(bytes: Uint8Array, submissionKey: string): Promise<string> {
  const path = `${submissionKey}.pdf`;
  if (isLocal()) {
    const file = `${localRoot}${path}`;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    return path;
  }
  const { error } = await serviceClient().storage.from('cv').upload(path, bytes, { contentType: 'application/pdf', upsert: true });
  if (error) throw new Error('Le CV n’a pas pu être enregistré.');
  return path;
}

/** The bytes of a stored CV, or null when it is gone (retention period over). */
export async function readCv(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!/^[0-9a-f-]{36}\.pdf$/.test(path)) return null;
  if (isLocal()) {
    return readFile(`${localRoot}${path}`).then((buffer) => Uint8Array.from(buffer), () => null);
  }
  const { data, error } = await serviceClient().storage.from('cv').download(path);
  return error || !data ? null : new Uint8Array(await data.arrayBuffer());
}

/** Deletes stored CVs (retention period over); a path already gone is not an error. */
export async function deleteCvs(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  if (isLocal()) {
    await Promise.all(paths.map((path) => rm(`${localRoot}${path}`, { force: true })));
    return;
  }
  const { error } = await serviceClient().storage.from('cv').remove(paths);
  if (error) throw new Error('Des CV n’ont pas pu être supprimés.');
}
