// The password of every demo account of supabase/seed.sql (also in README).
export const DEMO_PASSWORD = 'demo-clauses-2026';
