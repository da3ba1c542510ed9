/**
 * Every chat command, declared once. Adapters build their command menus, slash
 * commands and help from this list; none declares a command of its own.
 */
import type { CommandDefinition } from '../src/bot/types.js';
import { calendar } from './calendar.js';
import { dataset } from './dataset.js';
import { deadline } from './deadline.js';
import { follow } from './follow.js';
import { following } from './following.js';
import { help } from './help.js';
import { paper } from './paper.js';
import { remind } from './remind.js';
import { search } from './search.js';
import { settings } from './settings.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { unfollow } from './unfollow.js';
import { unsubscribe } from './unsubscribe.js';

export const COMMANDS: readonly CommandDefinition[] = [
  search,
  paper,
  dataset,
  deadline,
  help,
  subscribe,
  unsubscribe,
  subscriptions,
  settings,
  follow,
  following,
  unfollow,
  remind,
  calendar,
];
