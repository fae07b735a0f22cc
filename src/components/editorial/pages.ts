// Routes of the editorial pages (src/content/pages/*.md). Most are rendered by
// src/pages/[page].astro; the few with a part read from the database have their own page file.
import type { CollectionEntry } from 'astro:content';

/** Pages with their own route file, around the Markdown: contacts, publisher, retention periods. */
export const DEDICATED_PAGES: ReadonlySet<string> = new Set(['facilitateurs', 'mentions-legales', 'donnees-personnelles']);

/** The address of an editorial page: its file name, as a folder. */
export function pageHref(entry: Pick<CollectionEntry<'pages'>, 'id'>): string {
  return `/${entry.id}/`;
}

/** Footer order: the `order` field, then the title. */
export function byOrder(a: CollectionEntry<'pages'>, b: CollectionEntry<'pages'>): number {
  return a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'fr');
}
