import { AppError } from '@precept/schema';

/** Sign-in failed: the same words whether the username exists or not. */
export function wrongCredentials(): AppError {
  return new AppError('UNAUTHORIZED', 'wrong username or password');
}

/** Too many failed sign-ins: wait before the next attempt (progressive delay). */
export function signInThrottled(retryAt: Date, at: Date): AppError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - at.getTime()) / 1000));
  return new AppError(
    'RATE_LIMITED',
    `too many failed sign-ins for this account; try again in ${seconds} s (after ${retryAt.toISOString()})`,
  );
}

/** The account is locked after too many failures. */
export function accountLocked(until: Date): AppError {
  return new AppError(
    'RATE_LIMITED',
    `this account is locked after too many failed sign-ins until ${until.toISOString()}; an administrator can unlock it`,
  );
}

/** The account is disabled (said only after the right password). */
export function accountDisabled(): AppError {
  return new AppError('UNAUTHORIZED', 'this account is disabled; ask an administrator');
}

/** No such person. */
export function userNotFound(username: string): AppError {
  return new AppError('NOT_FOUND', `user "${username}" does not exist`);
}

/** The username is taken. */
export function usernameTaken(username: string): AppError {
  return new AppError('CONFLICT', `user "${username}" already exists`, {
    issues: [{ path: '$.username', code: 'duplicate', message: `"${username}" is taken` }],
  });
}

/** The change would leave nobody able to manage users and keys. */
export function lastAdmin(username: string): AppError {
  return new AppError(
    'CONFLICT',
    `${username} is the last enabled admin; make someone else admin first, or nobody can manage users and keys`,
  );
}

/** No such API key. */
export function keyNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `API key "${id}" does not exist`);
}

/** The current password given to change a password is wrong. */
export function wrongCurrentPassword(): AppError {
  return new AppError('VALIDATION', 'the current password is wrong', {
    issues: [{ path: '$.currentPassword', code: 'wrong_password', message: 'does not match' }],
  });
}

/** No such grant request. */
export function grantRequestNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `grant request "${id}" does not exist`);
}

/** The grant request was decided already. */
export function grantRequestClosed(id: string, status: string, by: string | null): AppError {
  return new AppError('CONFLICT', `grant request "${id}" is ${status}${by === null ? '' : ` (by ${by})`}`);
}

/** One administrator asked for a grant; another must approve it. */
export function secondAdministratorRequired(requestedBy: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `a second administrator must approve this: ${requestedBy} asked for it, and nobody approves their own request`,
  );
}

/** Nobody decides about their own account's powers. */
export function ownAccountRequest(username: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `${username} cannot decide a grant request about their own account; another administrator must`,
  );
}

/** The person's roles changed after the request was made: it no longer says what it would do. */
export function grantRequestOutdated(id: string, username: string): AppError {
  return new AppError(
    'CONFLICT',
    `grant request "${id}" is outdated: ${username}'s roles changed since it was made; reject it and ask again`,
  );
}

/** An administrator resets their own password through auth.changePassword, not users.setPassword. */
export function ownPasswordReset(): AppError {
  return new AppError(
    'FORBIDDEN',
    'change your own password with auth.changePassword (it asks for the current one)',
    {
      issues: [{ path: '$.username', code: 'own_account', message: 'is you' }],
    },
  );
}

/** The password was set by someone else: the person must set their own before anything else. */
export function passwordChangeRequired(path: string): AppError {
  return new AppError(
    'FORBIDDEN',
    `${path} is refused until you set your own password (auth.changePassword): the current one was set by an administrator`,
  );
}
