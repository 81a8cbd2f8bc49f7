import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Group,
  Menu,
  Modal,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Role } from '@precept/schema';
import {
  IconClipboardCheck,
  IconDatabase,
  IconFlask,
  IconGauge,
  IconHistory,
  IconKey,
  IconLock,
  IconLogout,
  IconShieldCheck,
  IconUsers,
  IconUserCircle,
  IconFileDescription,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../../errors/ErrorAlert/ErrorAlert';
import { ChangePasswordForm } from '../../session/ChangePasswordForm/ChangePasswordForm';
import { setSessionUser, useSessionUser } from '../../session/session-store';
import { useTRPC } from '../../../lib/trpc';
import { setBusinessTimeZone } from '../../../lib/time-zone';
import { LanguageSwitch } from '../LanguageSwitch/LanguageSwitch';
import classes from './AppLayout.module.css';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Shown only to these roles (everyone when absent). */
  roles?: Role[];
}

function Brand() {
  const { t } = useTranslation();
  return (
    <UnstyledButton component={Link} to="/" className={classes.brand} title={t('shell.home')}>
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-brand-8)" />
        <path d="M10 8h8a6 6 0 0 1 0 12h-4v4h-4z" fill="#fff" />
        <path d="M14 12h4a2 2 0 0 1 0 4h-4z" fill="var(--mantine-color-brand-8)" />
      </svg>
      <div>
        <Text fw={700} size="sm" lh={1.1}>
          {t('app.name')}
        </Text>
        {/* On a phone the tagline and the roles took three lines each beside the language switch. */}
        <Text size="xs" c="dimmed" lh={1.1} visibleFrom="xs">
          {t('app.tagline')}
        </Text>
      </div>
    </UnstyledButton>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  const [changing, { open: openChange, close: closeChange }] = useDisclosure(false);
  const changePassword = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        closeChange();
        notifications.show({ color: 'teal', message: t('session.passwordChanged') });
      },
    }),
  );
  const leave = async () => {
    if (user?.method === 'password') await signOut.mutateAsync().catch(() => undefined);
    setSessionUser(null);
    queryClient.clear();
    void navigate('/sign-in');
  };
  if (!user) return null;
  return (
    <>
      <Modal opened={changing} onClose={closeChange} title={t('session.changePassword')}>
        <ChangePasswordForm
          onSubmit={(passwords) => changePassword.mutate(passwords)}
          onCancel={closeChange}
          pending={changePassword.isPending}
          error={changePassword.error ? <ErrorAlert error={changePassword.error} /> : null}
        />
      </Modal>
      <Menu position="bottom-end" width={220} withinPortal>
        <Menu.Target>
          <UnstyledButton className={classes.user} title={t('session.signedInAs')} data-testid="user-menu">
            <Group gap={8} wrap="nowrap">
              <Avatar size={28} radius="xl" color="brand" aria-hidden>
                {user.displayName.slice(0, 1)}
              </Avatar>
              <div>
                <Text size="sm" fw={500} lh={1.1} style={{ whiteSpace: 'nowrap' }}>
                  {user.displayName}
                </Text>
                <Text size="xs" c="dimmed" lh={1.1} visibleFrom="xs">
                  {user.roles.map((r) => t(`role.${r}`)).join(' · ')}
                </Text>
              </div>
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {t('session.signedInAs')} {user.id}
          </Menu.Label>
          {user.method === 'password' && (
            <Menu.Item
              leftSection={<IconKey size={16} />}
              onClick={() => {
                changePassword.reset();
                openChange();
              }}
            >
              {t('session.changePassword')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconUserCircle size={16} />} onClick={() => void leave()}>
            {t('session.switchIdentity')}
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void leave()}>
            {t('session.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}

/**
 * The console's frame: brand, language switch and the signed-in person on top; navigation grouped
 * by daily work, records and settings on the left; the page in the middle.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const user = useSessionUser();
  // The server's business time zone: every date the console shows or sends means a day there.
  const trpc = useTRPC();
  const info = useQuery({ ...trpc.system.info.queryOptions(), enabled: user !== null, staleTime: Infinity });
  useEffect(() => {
    if (info.data) setBusinessTimeZone(info.data.timeZone);
  }, [info.data]);
  const groups: { label: string; items: NavItem[] }[] = [
    {
      label: t('nav.groupWork'),
      items: [
        { to: '/', label: t('nav.dashboard'), icon: <IconGauge size={18} /> },
        { to: '/policies', label: t('nav.policies'), icon: <IconFileDescription size={18} /> },
        {
          to: '/review',
          label: t('nav.review'),
          icon: <IconClipboardCheck size={18} />,
          roles: ['reviewer', 'admin'],
        },
        { to: '/playground', label: t('nav.playground'), icon: <IconFlask size={18} /> },
      ],
    },
    {
      label: t('nav.groupRecords'),
      items: [
        { to: '/decisions', label: t('nav.decisions'), icon: <IconHistory size={18} /> },
        {
          to: '/audit',
          label: t('nav.audit'),
          icon: <IconShieldCheck size={18} />,
          roles: ['auditor', 'admin'],
        },
        {
          to: '/retention',
          label: t('retention.nav'),
          icon: <IconLock size={18} />,
          roles: ['auditor', 'admin'],
        },
      ],
    },
    {
      label: t('nav.groupSettings'),
      items: [
        { to: '/subjects', label: t('nav.subjects'), icon: <IconDatabase size={18} /> },
        { to: '/admin', label: t('nav.admin'), icon: <IconUsers size={18} />, roles: ['admin', 'auditor'] },
      ],
    },
  ];
  const isActive = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 216, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
      className={classes.shell}
    >
      <a href="#main" className={classes.skip}>
        {t('app.skipToContent')}
      </a>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNav')}
            />
            <Brand />
          </Group>
          <Group gap="md" wrap="nowrap">
            {user?.method === 'dev-header' && (
              <Badge color="yellow" variant="light" visibleFrom="md">
                {t('app.demoBanner')}
              </Badge>
            )}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar className={classes.navbar} aria-label={t('nav.main')}>
        <ScrollArea>
          <Stack gap="md" p="xs" component="nav" aria-label={t('nav.main')}>
            {groups.map((group) => {
              const items = group.items.filter(
                (item) => !item.roles || (user && item.roles.some((r) => user.roles.includes(r))),
              );
              if (items.length === 0) return null;
              return (
                <div key={group.label}>
                  <Text size="xs" c="dimmed" fw={600} px="sm" mb={4} className={classes.groupLabel}>
                    {group.label}
                  </Text>
                  {items.map((item) => (
                    <NavLink
                      key={item.to}
                      component={Link}
                      to={item.to}
                      label={item.label}
                      leftSection={item.icon}
                      active={isActive(item.to)}
                      aria-current={isActive(item.to) ? 'page' : undefined}
                      className={classes.link}
                    />
                  ))}
                </div>
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" className={classes.main}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
