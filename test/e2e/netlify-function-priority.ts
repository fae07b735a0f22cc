// Preloaded into `netlify serve` by serve.ts (`node --import`), nowhere else.
//
// netlify-cli 27's `serve` unzips the built functions concurrently and sends a request to the
// first function in its registry whose route matches, so the order is whichever zip finished
// first. Astro's SSR function (route `/*`, manifest priority 0) then shadows the project's own
// functions (`/api/…`, priority 10) on some runs and not on others. The platform routes to the
// matching function of highest priority; this makes the local registry do the same, keeping the
// registration order among equal priorities.

interface Registry {
  functions: Map<string, unknown>;
  manifest?: { functions?: { name: string; priority?: number }[] };
  getFunctionForURLPath(urlPath: string, method: string, hasStaticFile: () => Promise<boolean>): Promise<unknown>;
}

const registryModule = new URL('../../node_modules/netlify-cli/dist/lib/functions/registry.js', import.meta.url);
const { FunctionsRegistry } = (await import(registryModule.href)) as { FunctionsRegistry?: { prototype: Registry } };
const proto = FunctionsRegistry?.prototype;
if (!proto || typeof proto.getFunctionForURLPath !== 'function') {
  throw new Error(`netlify-cli changed: FunctionsRegistry.getFunctionForURLPath not found in ${registryModule.pathname}; revisit test/e2e/netlify-function-priority.ts`);
}

const original = proto.getFunctionForURLPath;
proto.getFunctionForURLPath = async function (this: Registry, urlPath, method, hasStaticFile) {
  if (this.functions instanceof Map && this.manifest?.functions) {
    const priority = new Map(this.manifest.functions.map((entry) => [entry.name, entry.priority ?? 0]));
    const byPriority = [...this.functions].sort(([a], [b]) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0));
    if (byPriority.some(([name], index) => name !== [...this.functions.keys()][index])) {
      this.functions.clear();
      for (const [name, func] of byPriority) this.functions.set(name, func);
    }
  }
  return original.call(this, urlPath, method, hasStaticFile);
};
