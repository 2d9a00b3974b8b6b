// The protocol floor: a FastAGI server on bare node:net with no logic at all. It reads the
// agi_* block up to its blank line, sends FLOOR_COMMANDS `SET VARIABLE` commands one at a
// time (each waits for its `200 result=1`, as a real script must), then closes.
import { createServer, type Socket } from 'node:net';

const port = Number(process.env.PORT);
const commands = Number(process.env.FLOOR_COMMANDS);
if (!Number.isInteger(port) || !Number.isInteger(commands) || commands < 1) {
  throw new Error('floor-server needs PORT and FLOOR_COMMANDS (a positive whole number)');
}

const COMMAND = 'SET VARIABLE X y\n';
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
      socket.write(COMMAND);
    }
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
      const reply = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (answered === commands) continue; // Asterisk's HANGUP after our close
      if (!reply.startsWith(SUCCESS)) return void socket.destroy();
      answered += 1;
      if (answered === commands) socket.end();
      else socket.write(COMMAND);
    }
  });
}

createServer(serve).listen(port, '127.0.0.1', () => console.log('ready'));
