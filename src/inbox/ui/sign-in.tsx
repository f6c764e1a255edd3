import { useState } from 'preact/hooks';
import type { InboxClient } from '../inbox-client.js';
import type { InboxSnapshot } from '../inbox-state.js';

const PROBLEMS = {
  credentials: 'Wrong login or password.',
  expired: 'Your session has ended. Please sign in again.',
  unreachable: 'The server could not be reached. Try again in a moment.',
  'rate-limited': 'Too many sign-in attempts. Wait a minute, then try again.',
} as const;

/** Login and password; the token that comes back stays in this tab's sessionStorage only. */
export function SignIn({ client, snapshot }: { client: InboxClient; snapshot: InboxSnapshot }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const busy = snapshot.phase === 'signing-in';
  const submit = (event: Event) => {
    event.preventDefault();
    void client.signIn(login, password);
  };
  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-describedby={snapshot.signInProblem ? 'sign-in-problem' : undefined}>
        <h1>Store inbox</h1>
        <p>Sign in to answer shoppers.</p>
        <label for="login">Login</label>
        <input id="login" name="login" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <p id="sign-in-problem" class="problem" role="alert">
          {snapshot.signInProblem ? PROBLEMS[snapshot.signInProblem] : ''}
        </p>
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
