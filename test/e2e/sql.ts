// Read the embedded database behind the served site (test-only endpoint of global-setup.ts).
import { inject } from 'vitest';

export async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const response = await fetch(inject('sqlUrl'), { method: 'POST', body: JSON.stringify({ query, params }) });
  const body = await response.json() as T[] | { error: string };
  if (!Array.isArray(body)) throw new Error(body.error);
  return body;
}
