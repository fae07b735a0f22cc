// Private storage of candidates' CVs, behind one small module:
// Supabase Storage (private bucket `cv`) in production, a git-ignored folder locally.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverEnv } from './env.ts';
import { serviceClient } from './supabase.ts';

const localRoot = fileURLToPath(new URL('../../.data/cv/', import.meta.url));

function isLocal(): boolean {
  const url = new URL(serverEnv().SUPABASE_URL);
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost';
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
