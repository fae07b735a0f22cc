-- What the legal notice of a public body's site names beyond the publisher: its postal address,
-- the publication director, and the host with its address. Deployment settings, filled from the
-- SQL editor like the others (README); the page says « à compléter » while they are empty.
alter table app.site_settings add column publisher_address text;
alter table app.site_settings add column publication_director text;
alter table app.site_settings add column host_name text not null default 'Netlify, Inc.';
alter table app.site_settings add column host_address text;
comment on column app.site_settings.publisher_address is 'Adresse postale de l''éditeur (collectivité ou service), affichée dans les mentions légales.';
comment on column app.site_settings.publication_director is 'Directeur ou directrice de la publication (fonction ou nom), affiché dans les mentions légales.';
comment on column app.site_settings.host_name is 'Hébergeur du site, affiché dans les mentions légales.';
comment on column app.site_settings.host_address is 'Adresse de l''hébergeur, à recopier de ses propres mentions.';

create or replace function public.get_site_settings() returns json
language sql stable
set search_path = ''
as $$
  select json_build_object(
    'site_name', s.site_name, 'tagline', s.tagline, 'logo_url', s.logo_url,
    'color_primary', s.color_primary, 'color_accent', s.color_accent,
    'publisher_name', s.publisher_name, 'contact_email', s.contact_email,
    'accessibility_status', s.accessibility_status, 'accessibility_audit_date', s.accessibility_audit_date,
    'dpo_contact', s.dpo_contact, 'publisher_address', s.publisher_address,
    'publication_director', s.publication_director, 'host_name', s.host_name, 'host_address', s.host_address)
  from app.site_settings s
$$;
grant execute on function public.get_site_settings() to anon, authenticated;
