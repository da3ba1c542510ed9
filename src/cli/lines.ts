/**
 * Lines of a text stream split on "\n" only (a "\r" before it is dropped, so CRLF input
 * works): a bare "\r" inside a message stays in that message, so `ask --jsonl` answers
 * exactly one reply per input line. readline would also split on a bare "\r".
 */
import { StringDecoder } from 'node:string_decoder';

export async function* inputLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      yield withoutCr(rest.slice(0, newline));
      rest = rest.slice(newline + 1);
    }
  }
  rest += decoder.end();
  if (rest) yield withoutCr(rest);
}

const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
