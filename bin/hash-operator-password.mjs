#!/usr/bin/env node
// Prints a bcrypt hash of an operator's password for the configured operators (operatorAuth's
// `operators[].passwordHash`). The password is read from standard input, never from the command
// line, where shell history and `ps` would keep it:
//   node bin/hash-operator-password.mjs                 (type it, then Enter; not echoed on a terminal)
//   printf %s "$PASSWORD" | node bin/hash-operator-password.mjs --cost 12
/** Exit code for a wrong invocation. */
const USAGE = 2;

const args = process.argv.slice(2);
let cost;
if (args.length === 2 && args[0] === '--cost' && /^\d+$/.test(args[1])) cost = Number(args[1]);
else if (args.length !== 0) {
  process.stderr.write('usage: node bin/hash-operator-password.mjs [--cost N] < password\n');
  process.exit(USAGE);
}

const password = await readPassword();
if (password === '') {
  process.stderr.write('no password given on standard input\n');
  process.exit(USAGE);
}
// Loaded once the arguments and password are known good, so a usage error answers at once.
const { hashOperatorPassword } = await import('../dist/server/index.js');
try {
  process.stdout.write(`${await hashOperatorPassword(password, cost === undefined ? {} : { cost })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(USAGE);
}

/** Standard input up to the end (piped) or the first line (a terminal, without echo). */
async function readPassword() {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += chunk;
    // One trailing newline is how `echo` ends a line, not part of the password.
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write('password: ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk) => {
      for (const char of chunk) {
        if (char === '\u0003') process.exit(130);
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.off('data', onData);
          input.pause();
          process.stderr.write('\n');
          return resolve(text);
        }
        text = char === '\u007f' ? text.slice(0, -1) : text + char;
      }
    };
    input.on('data', onData);
  });
}
