import {
  Alert,
  Avatar,
  Box,
  Button,
  Card,
  Center,
  Collapse,
  Group,
  MultiSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { ROLES, type Role } from '@precept/schema';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../features/layout/LanguageSwitch/LanguageSwitch';
import { DEMO_IDENTITIES, setSessionUser, type SessionUser } from '../features/session/session-store';
import classes from './sign-in.module.css';

/**
 * Sign-in. Until the server offers accounts, the development identities of the review flow are
 * offered (author, reviewer, auditor, administrator); choosing one signs in with the development
 * actor header. Returns to the page that asked for sign-in.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [showCustom, setShowCustom] = useState(false);
  const [customId, setCustomId] = useState('');
  const [customRoles, setCustomRoles] = useState<Role[]>(['author']);

  const signIn = (user: SessionUser) => {
    setSessionUser(user);
    void navigate(from, { replace: true });
  };

  return (
    <Box className={classes.page}>
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center>
        <Card w={560} p="xl" shadow="sm" className={classes.card}>
          <Stack gap="md">
            <div>
              <Title order={1}>{t('session.title')}</Title>
              <Text c="dimmed" size="sm" mt={4}>
                {t('session.subtitle')}
              </Text>
            </div>
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
              {t('session.devHint')}
            </Alert>
            <SimpleGrid cols={2} spacing="sm">
              {DEMO_IDENTITIES.map((user) => {
                const role = user.roles.map((r) => t(`role.${r}`)).join('、');
                return (
                  <UnstyledButton
                    key={user.id}
                    className={classes.identity}
                    onClick={() => signIn(user)}
                    aria-label={t('session.continueAs', { name: user.displayName, role })}
                    data-identity={user.id}
                  >
                    <Group gap="sm" wrap="nowrap">
                      <Avatar color="brand" radius="xl">
                        {user.displayName.slice(0, 1)}
                      </Avatar>
                      <div>
                        <Text fw={600} size="sm">
                          {user.displayName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {role} · {user.id}
                        </Text>
                      </div>
                    </Group>
                  </UnstyledButton>
                );
              })}
            </SimpleGrid>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => setShowCustom((v) => !v)}
              aria-expanded={showCustom}
            >
              {t('session.customId')}
            </Button>
            <Collapse in={showCustom}>
              <Stack gap="xs">
                <TextInput
                  label={t('common.id')}
                  value={customId}
                  onChange={(e) => setCustomId(e.currentTarget.value)}
                />
                <MultiSelect
                  label={t('session.customRoles')}
                  value={customRoles}
                  onChange={(roles) =>
                    setCustomRoles(roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)))
                  }
                  data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                />
                <Group>
                  <Button
                    disabled={
                      !/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(customId) || customRoles.length === 0
                    }
                    onClick={() =>
                      signIn({
                        id: customId,
                        displayName: customId,
                        roles: customRoles,
                        method: 'dev-header',
                      })
                    }
                  >
                    {t('session.useCustom')}
                  </Button>
                </Group>
              </Stack>
            </Collapse>
          </Stack>
        </Card>
      </Center>
    </Box>
  );
}
