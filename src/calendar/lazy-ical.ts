/**
 * ical-generator, loaded synchronously on the first calendar rendered (~12 ms to import cold),
 * not at every start: most processes answer questions long before anyone asks for a feed.
 */
import { createRequire } from 'node:module';

type IcalModule = typeof import('ical-generator');

let loaded: IcalModule | undefined;

export function lazyIcal(): IcalModule {
  loaded ??= createRequire(import.meta.url)('ical-generator') as IcalModule;
  return loaded;
}
