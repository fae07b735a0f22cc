// Entry of /widget/v1.js: defines <clauses-resultats> and nothing else (no global variable,
// no cookie, no tracking). The data is read from the site that serves this script, whatever
// page embeds it: the origin comes from the script's own URL.
import { createElementClass } from './element.ts';

const NAME = 'clauses-resultats';

// Loaded twice (say, from two URLs): the first definition stays.
if (!customElements.get(NAME)) customElements.define(NAME, createElementClass(new URL('../', import.meta.url)));
