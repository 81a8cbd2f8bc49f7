import {
  Alert,
  Box,
  Button,
  Card,
  Center,
  Chip,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle, IconLogin } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { User } from '@precept/schema';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { LanguageSwitch } from '../features/layout/LanguageSwitch/LanguageSwitch';
import { ChangePasswordForm } from '../features/session/ChangePasswordForm/ChangePasswordForm';
import { DEMO_USERNAMES, setSessionUser } from '../features/session/session-store';
import { readError } from '../lib/errors';
import { useTRPC } from '../lib/trpc';
import classes from './sign-in.module.css';

/**
 * Sign-in with username and password: the server sets an httpOnly session cookie and the console
 * remembers who signed in. Returns to the page that asked for sign-in. The demo accounts of the
 * embedded database are offered as shortcuts for the username. A person whose password was set by
 * an administrator replaces it here before anything else (the server refuses everything else).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState<User | null>(null);
  const enter = (user: User) => {
    setSessionUser({
      id: user.username,
      displayName: user.displayName,
      roles: user.roles,
      method: 'password',
    });
    void navigate(from, { replace: true });
  };
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: ({ user }) => (user.mustChangePassword ? setMustChange(user) : enter(user)),
    }),
  );
  const changePassword = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: enter }));
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSettled: () => setMustChange(null) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() && password) signIn.mutate({ username: username.trim(), password });
  };
  const refused = signIn.error !== null && readError(signIn.error).code === 'UNAUTHORIZED';

  return (
    <Box className={classes.page}>
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center>
        <Card w={440} p="xl" shadow="sm" className={classes.card} component="main">
          {mustChange !== null ? (
            <Stack gap="md" aria-label={t('session.setOwnPassword')}>
              <Title order={1}>{t('session.setOwnPassword')}</Title>
              <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
                {t('session.setOwnPasswordWhy')}
              </Alert>
              <ChangePasswordForm
                onSubmit={(passwords) => changePassword.mutate(passwords)}
                onCancel={() => signOut.mutate()}
                pending={changePassword.isPending}
                error={changePassword.error ? <ErrorAlert error={changePassword.error} /> : null}
              />
            </Stack>
          ) : (
            <form onSubmit={submit} aria-label={t('session.title')}>
              <Stack gap="md">
                <div>
                  <Title order={1}>{t('session.title')}</Title>
                  <Text c="dimmed" size="sm" mt={4}>
                    {t('session.subtitle')}
                  </Text>
                </div>
                {refused ? (
                  <Alert color="red" role="alert" title={t('session.refused')}>
                    {readError(signIn.error).message}
                  </Alert>
                ) : (
                  <ErrorAlert error={signIn.error} />
                )}
                <TextInput
                  label={t('session.username')}
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                  autoComplete="username"
                  required
                  data-autofocus
                />
                <PasswordInput
                  label={t('session.password')}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  autoComplete="current-password"
                  required
                />
                <Button
                  type="submit"
                  leftSection={<IconLogin size={16} />}
                  loading={signIn.isPending}
                  fullWidth
                >
                  {t('session.signIn')}
                </Button>
                <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />}>
                  <Text size="xs" mb={6}>
                    {t('session.demoHint')}
                  </Text>
                  <Group gap={6}>
                    {DEMO_USERNAMES.map((demo) => (
                      <Chip
                        key={demo.username}
                        size="xs"
                        checked={username === demo.username}
                        onChange={() => setUsername(demo.username)}
                      >
                        {demo.username} · {t(`role.${demo.role}`)}
                      </Chip>
                    ))}
                  </Group>
                </Alert>
              </Stack>
            </form>
          )}
        </Card>
      </Center>
    </Box>
  );
}
