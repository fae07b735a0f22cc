// Editorial pages in Markdown (src/content/pages/*.md): a facilitator edits the text without
// touching a component. The file name is the page's address: acheteurs.md → /acheteurs/.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** Who a page is written for; the footer and the home page group pages by it. */
export const audiences = ['tous', 'acheteurs', 'entreprises', 'candidats', 'siae-prescripteurs', 'facilitateurs', 'elus-citoyens'] as const;

const pages = defineCollection({
  loader: glob({ pattern: '*.md', base: './src/content/pages' }),
  schema: z.object({
    /** The page's h1 and <title>. */
    title: z.string().min(3),
    /** The meta description, one or two sentences. */
    description: z.string().min(20).max(300),
    audience: z.enum(audiences),
    /** Position in the footer list, smallest first. */
    order: z.number().int().nonnegative(),
    /** Date of the last editorial review (YYYY-MM-DD), shown under the title. */
    updated: z.coerce.date().optional(),
  }),
});

export const collections = { pages };
