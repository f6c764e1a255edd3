import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operatorAuth } from '../../../src/server';

const STORE_SECRET = 'the-store-backends-shared-secret-0123456789';
const DOC = fileURLToPath(new URL('../../../docs/OPERATOR-SIGN-IN.md', import.meta.url));

/** The PHP recipe exactly as docs/OPERATOR-SIGN-IN.md gives it to store developers. */
function documentedPhp(): string {
  const block = /```php\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (block === undefined) throw new Error('docs/OPERATOR-SIGN-IN.md has no php block');
  return block;
}

function php(code: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('php', ['-r', code], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`php failed (install php-cli, as .ci/run does): ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('store-signed operator tokens from another language', () => {
  it('accepts a token made by the documented PHP recipe, names with accents and ids with dots included', async () => {
    const code = `$storeSecret = getenv('STORE_SECRET'); $id = getenv('STAFF_ID'); $name = getenv('STAFF_NAME');\n${documentedPhp()}\necho $token;`;
    const token = await php(code, { STORE_SECRET, STAFF_ID: 'staff.17@shop', STAFF_NAME: 'Chloé Müller' });
    const auth = operatorAuth({ storeSecret: STORE_SECRET });
    expect(await auth.verify(token)).toMatchObject({ id: 'op:staff.17@shop', name: 'Chloé Müller' });
    expect(await operatorAuth({ storeSecret: STORE_SECRET.replace(/^t/, 'T') }).verify(token)).toBeNull();
  }, 60_000);
});
