/// <reference types="astro/client" />
import type { PartnerSession } from './server/session.ts';

declare global {
  namespace App {
    interface Locals {
      session: PartnerSession | null;
    }
  }
}
