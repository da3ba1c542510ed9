/** The /healthz route: 200 when ready, 503 otherwise; the body says why, as JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Health } from '../runtime/health.js';
import { onlyGet, send } from './server.js';

export function healthRoute(health: Health) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!onlyGet(req, res)) return;
    const report = health.report();
    send(res, report.ready ? 200 : 503, `${JSON.stringify({ status: report.ready ? 'ok' : 'unavailable', ...report })}\n`, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
  };
}
