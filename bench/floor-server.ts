// The protocol floor: a FastAGI server on bare node:net with no logic at all. It reads the
// agi_* block up to its blank line, sends its `SET VARIABLE` commands one at a time (each
// waits for its `200 result=1`, as a real script must), then closes. The commands are
// FLOOR_COMMANDS times `SET VARIABLE X y`, or, for a real Asterisk that must act on them,
// the variables of FLOOR_VARIABLES (a JSON list of [name, value]) in that order.
import { createServer, type Socket } from 'node:net';
import { formatAgiCommand } from '../src/telephony/fastagi/quote.js';

const port = Number(process.env.PORT);
const script = floorScript(process.env.FLOOR_VARIABLES, Number(process.env.FLOOR_COMMANDS));
if (!Number.isInteger(port) || script.length < 1) {
  throw new Error('floor-server needs PORT and FLOOR_COMMANDS (a positive whole number) or FLOOR_VARIABLES');
}
const commands = script.length;

function floorScript(variables: string | undefined, count: number): string[] {
  if (variables !== undefined) {
    return (JSON.parse(variables) as [string, string][]).map(([name, value]) => `${formatAgiCommand('SET VARIABLE', [name, value])}\n`);
  }
  return Number.isInteger(count) && count > 0 ? Array.from({ length: count }, () => 'SET VARIABLE X y\n') : [];
}
const SUCCESS = '200 result=1';

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  let buffered = '';
  let inEnvironment = true;
  let answered = 0;
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (inEnvironment) {
      const end = buffered.indexOf('\n\n');
      if (end === -1) return;
      inEnvironment = false;
      buffered = buffered.slice(end + 2);
      socket.write(script[0]!);
    }
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
      const reply = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (answered === commands) continue; // Asterisk's HANGUP after our close
      if (!reply.startsWith(SUCCESS)) return void socket.destroy();
      answered += 1;
      if (answered === commands) socket.end();
      else socket.write(script[answered]!);
    }
  });
}

createServer(serve).listen(port, '127.0.0.1', () => console.log('ready'));
