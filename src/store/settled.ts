/** What both stores share of the settled-skip marks (Store.settleSkips, Store.settledOf). */
import { checkInstant } from './rows.js';
import type { SettleRecord, SettledMark } from './types.js';

/** A mark as columns: UTC ISO text of one length (text order is time order), leads as JSON. */
export interface SettleValues {
  subscriptionId: string;
  through: string;
  leads: string;
  settledBy: string;
  settledAt: string;
}

/**
 * Marks checked (bad instants or leads throw before anything is written) and ready to write: one
 * per subscription (the latest `through`; of equal ones, the last), ordered by subscription (writers lock rows in one order).
 */
export function settleValues(marks: readonly SettleRecord[]): SettleValues[] {
  const byId = new Map<string, SettleValues>();
  // A pass writes the same few instants in every mark: each is checked (and normalized) once.
  const throughs = new Map<string, string>();
  const settledAts = new Set<string>();
  for (const m of marks) {
    if (m.leads.some((n) => !Number.isFinite(n))) throw new Error(`settleSkips: leads of ${m.subscriptionId} must be numbers, got ${JSON.stringify(m.leads)}`);
    let through = throughs.get(m.through);
    if (through === undefined) throughs.set(m.through, (through = new Date(checkInstant('through', m.through)).toISOString()));
    if (!settledAts.has(m.settledAt)) settledAts.add(checkInstant('settledAt', m.settledAt));
    const v: SettleValues = {
      subscriptionId: m.subscriptionId,
      through,
      leads: JSON.stringify(m.leads),
      settledBy: m.settledBy,
      settledAt: m.settledAt,
    };
    const seen = byId.get(v.subscriptionId);
    if (!seen || v.through >= seen.through) byId.set(v.subscriptionId, v);
  }
  return [...byId.values()].sort((a, b) => (a.subscriptionId < b.subscriptionId ? -1 : a.subscriptionId > b.subscriptionId ? 1 : 0));
}

export interface SettledRecord {
  subscription_id: string;
  settled_through: string;
  leads: string;
}

export function toSettledMark(r: SettledRecord): SettledMark {
  return { subscriptionId: r.subscription_id, through: r.settled_through, leads: JSON.parse(r.leads) as number[] };
}
