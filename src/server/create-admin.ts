// Creates a deployment administrator, the first one included (docs: README « Mettre un
// territoire en production »), and prints the sign-in link to use:
//   npm run create-admin -- <email> [--site https://<site>]
// against the Supabase project of SUPABASE_URL with the service key of SUPABASE_SERVICE_ROLE_KEY,
// both read from the environment and never written or printed; locally, against the embedded
// database, `node src/local-supabase/cli.ts create-admin <email>` runs the same function.
// Steps: the account (Supabase Auth's admin API: a confirmed address, no password; an address
// that already has an account keeps it), public.grant_deployment_admin (service role only), then
// a magic link from the admin API (auth.admin.generateLink), opened on the site's
// /espace/connexion/lien/ page.
import { createClient } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';

export interface AdminTarget {
  supabaseUrl: string;
  serviceRoleKey: string;
  /** The site the link opens (the Netlify site's address; locally http://localhost:4321). */
  siteUrl: string;
}

export interface CreatedAdmin {
  userId: string;
  created: boolean;
  signInLink: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The id of the account with this address (GoTrue's admin users list, filtered), or null. */
async function findUserId(target: AdminTarget, email: string): Promise<string | null> {
  for (let page = 1; page <= 20; page += 1) {
    const query = new URLSearchParams({ filter: email, page: String(page), per_page: '100' });
    const response = await fetch(`${target.supabaseUrl}/auth/v1/admin/users?${query}`, {
      headers: { apikey: target.serviceRoleKey, Authorization: `Bearer ${target.serviceRoleKey}` },
    });
    if (!response.ok) return null;
    const { users } = await response.json() as { users?: Array<{ id: string; email?: string | null }> };
    const found = users?.find((u) => u.email?.toLowerCase() === email);
    if (found) return found.id;
    if (!users || users.length < 100) return null;
  }
  return null;
}

export async function createDeploymentAdmin(target: AdminTarget, rawEmail: string, displayName = 'Administration du déploiement'): Promise<CreatedAdmin> {
  const email = rawEmail.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new Error(`Adresse e-mail invalide : ${rawEmail}`);
  const service = createClient<Database>(target.supabaseUrl, target.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  const { data, error } = await service.auth.admin.createUser({ email, email_confirm: true, user_metadata: { display_name: displayName } });
  let userId = data.user?.id ?? null;
  const created = userId !== null;
  if (!userId) {
    if (error?.code !== 'email_exists') throw new Error(`Le compte n’a pas pu être créé (${error?.status ?? '?'} ${error?.code ?? ''}).`);
    userId = await findUserId(target, email);
    if (!userId) throw new Error('Le compte existant de cette adresse est introuvable.');
  }
  const granted = await service.rpc('grant_deployment_admin', { p_user_id: userId });
  if (granted.error) throw new Error(`Le rôle d’administrateur n’a pas pu être donné (${granted.error.code ?? ''} ${granted.error.message}).`);
  const link = await service.auth.admin.generateLink({ type: 'magiclink', email });
  const tokenHash = link.data.properties?.hashed_token;
  if (link.error || !tokenHash) throw new Error(`Le lien de connexion n’a pas pu être créé (${link.error?.status ?? '?'} ${link.error?.code ?? ''}).`);
  const signInLink = `${target.siteUrl.replace(/\/$/, '')}/espace/connexion/lien/?token_hash=${encodeURIComponent(tokenHash)}`;
  return { userId, created, signInLink };
}

/** The command's arguments: the e-mail, and --site (else SITE_URL, else Netlify's URL). */
export function parseArguments(args: readonly string[], env: Record<string, string | undefined>, fallbackSite?: string): { email: string; siteUrl: string } {
  const i = args.indexOf('--site');
  const site = i >= 0 ? args[i + 1] : env.SITE_URL ?? env.URL ?? fallbackSite;
  const email = args.find((a, n) => !a.startsWith('--') && (i < 0 || n !== i + 1));
  if (!email || !site || !URL.canParse(site)) {
    throw new Error('usage : npm run create-admin -- <e-mail> --site https://<adresse du site> (ou SITE_URL dans l’environnement)');
  }
  return { email, siteUrl: site };
}

/** Prints what the person deploying needs, never the key. */
export function report(email: string, admin: CreatedAdmin): string {
  return [
    `${admin.created ? 'Compte créé' : 'Compte existant'} pour ${email} : administrateur du déploiement.`,
    'Lien de connexion (à usage unique, valable une heure) :',
    admin.signInLink,
    'Ensuite, depuis l’espace partenaires, « Administration du déploiement » : réglages du site, création du territoire, invitation de son facilitateur.',
  ].join('\n');
}

// `npm run create-admin -- <email>`: a Supabase project given by the environment.
if (import.meta.main) {
  try {
    const url = process.env.SUPABASE_URL;
    const key = process.env.SUPABASE_SERVICE_ROLE_KEY;
    if (!url || !URL.canParse(url) || !key) {
      throw new Error('SUPABASE_URL et SUPABASE_SERVICE_ROLE_KEY doivent être dans l’environnement (la clé n’est ni écrite ni affichée). En local : node src/local-supabase/cli.ts create-admin <e-mail>.');
    }
    const { email, siteUrl } = parseArguments(process.argv.slice(2), process.env);
    console.info(report(email, await createDeploymentAdmin({ supabaseUrl: url, serviceRoleKey: key, siteUrl }, email)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
