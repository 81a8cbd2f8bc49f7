import type { FirstUsers } from './identity.service.js';

/**
 * The block printed once at the first start of a database without users: how to sign in. Demo
 * users are marked as such; generated passwords appear here and nowhere else (they are stored only
 * as hashes), so whoever starts the server must note them.
 *
 * @example
 * process.stdout.write(describeFirstUsers(first));
 */
export function describeFirstUsers(first: FirstUsers): string {
  const rule = '='.repeat(78);
  const title =
    first.kind === 'demo'
      ? 'PRECEPT DEMO USERS (embedded demo database; not for production use)'
      : 'PRECEPT FIRST ADMINISTRATORS (no user existed in this database)';
  const width = Math.max(8, ...first.users.map((user) => user.username.length));
  const lines = first.users.map(
    (user) =>
      `  ${user.username.padEnd(width)}  ${user.password ?? `(from ${first.passwordSource})`}   roles: ${user.roles.join(', ')}`,
  );
  const advice =
    first.passwordSource !== 'generated'
      ? `Passwords come from ${first.passwordSource}.`
      : first.kind === 'demo'
        ? 'These passwords are shown only now. Set PRECEPT_DEMO_PASSWORD for one fixed demo password.'
        : 'These passwords are shown only now; each administrator must replace theirs at first sign-in.';
  const lone =
    first.kind === 'admin' && first.users.length === 1
      ? [
          '',
          "  WARNING: one administrator. Granting any role takes a second administrator's approval,",
          '  so nobody can be given a role on this database. Start an empty database with',
          '  PRECEPT_ADMIN_USERNAME=alice,bob to create two.',
        ]
      : [];
  return [
    '',
    rule,
    `  ${title}`,
    '  Sign in to the console, or call auth.signIn.',
    '',
    ...lines,
    '',
    `  ${advice}`,
    ...lone,
    rule,
    '',
  ].join('\n');
}
