/**
 * A /healthz prober in its own process (as a kubelet would be), for the HTTP bench: GETs the URL
 * every 10 ms over one kept-alive connection until its stdin closes, then prints the latencies
 * (ms) as one JSON line. Prints "ready" once the connection is open.
 */
import { Agent, get } from 'node:http';

const url = process.argv[2]!;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const once = () =>
  new Promise<number>((resolve, reject) => {
    const start = performance.now();
    get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - start));
    }).on('error', reject);
  });

await once();
process.stdout.write('ready\n');
let stop = false;
process.stdin.on('end', () => (stop = true)).resume();
const latencies: number[] = [];
while (!stop) {
  latencies.push(await once());
  await new Promise((resolve) => setTimeout(resolve, 10));
}
process.stdout.write(`${JSON.stringify(latencies)}\n`);
agent.destroy();
