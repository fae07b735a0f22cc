// The daily application of the retention periods (DOMAIN.md §11): one transaction in SQL
// (public.purge_personal_data), then the CV files of the deleted candidatures. If deleting a
// file fails, the next run cannot find it again: the error is reported so someone looks.
import { purgeResultSchema } from '../domain/retention.ts';
import { deleteCvs } from './cv-storage.ts';
import { parseRpcResult } from './errors.ts';
import { serviceClient } from './supabase.ts';

export interface RetentionResult {
  candidatures_deleted: number;
  participants_anonymised: number;
  audit_entries_deleted: number;
  emails_deleted: number;
  cv_deleted: number;
}

export async function applyRetention(now: Date = new Date()): Promise<RetentionResult> {
  const { data, error } = await serviceClient().rpc('purge_personal_data', { p_now: now.toISOString() });
  if (error) throw new Error(`retention: ${error.message}`);
  const result = parseRpcResult('purge_personal_data', purgeResultSchema, data);
  await deleteCvs(result.cv_paths);
  const { cv_paths: paths, ...counts } = result;
  return { ...counts, cv_deleted: paths.length };
}
