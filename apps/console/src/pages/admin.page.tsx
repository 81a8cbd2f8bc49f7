import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Menu,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { KEY_SCOPES, PERSON_ROLES, type GrantRequest, type KeyScope, type User } from '@precept/schema';
import { IconDots, IconKey, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../features/errors/ErrorAlert/ErrorAlert';
import { PageHeader } from '../features/layout/PageHeader/PageHeader';
import { QueryState } from '../features/layout/QueryState/QueryState';
import { hasRole, useSessionUser } from '../features/session/session-store';
import { useLanguage } from '../i18n/use-language';
import { useFormatters } from '../lib/format';
import { useTRPC } from '../lib/trpc';

type PersonRole = (typeof PERSON_ROLES)[number];
const isPersonRole = (r: string): r is PersonRole => (PERSON_ROLES as readonly string[]).includes(r);

function UsersTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<string | null>(null);
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    roles: ['author'] as PersonRole[],
    password: '',
    reason: '',
  });
  const [newPassword, setNewPassword] = useState('');
  const done = async (user?: User) => {
    await queryClient.invalidateQueries(trpc.users.pathFilter());
    const waits = user !== undefined && (user.pendingRoles !== null || user.pendingPasswordReset);
    notifications.show({
      color: waits ? 'yellow' : 'teal',
      message: waits ? t('admin.awaitsApproval') : t('admin.saved'),
    });
  };
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        setAdding(false);
        await done(user);
      },
    }),
  );
  const update = useMutation(trpc.users.update.mutationOptions());
  const unlock = useMutation(trpc.users.unlock.mutationOptions({ onSuccess: (user) => done(user) }));
  const setPassword = useMutation(
    trpc.users.setPassword.mutationOptions({
      onSuccess: async (user) => {
        setResetting(null);
        await done(user);
      },
    }),
  );
  return (
    <Stack gap="sm">
      <ErrorAlert error={update.error ?? unlock.error} />
      {canEdit && (
        <Group>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
            {t('admin.addUser')}
          </Button>
        </Group>
      )}
      <QueryState query={users}>
        {(list) => (
          <Card p={0}>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.username')}</Table.Th>
                  <Table.Th>{t('admin.displayName')}</Table.Th>
                  <Table.Th>{t('admin.roles')}</Table.Th>
                  <Table.Th>{t('admin.lastSignIn')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((user) => (
                  <Table.Tr key={user.username} style={{ opacity: user.disabled ? 0.55 : 1 }}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {user.username}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm">{user.displayName}</Text>
                        {user.disabled && <Badge color="gray">{t('admin.disabled')}</Badge>}
                        {user.lockedUntil && (
                          <Badge color="red">
                            {t('admin.locked', { date: format.dateTime(user.lockedUntil) })}
                          </Badge>
                        )}
                        {user.mustChangePassword && (
                          <Badge color="yellow" variant="light">
                            {t('admin.mustChangePassword')}
                          </Badge>
                        )}
                        {user.pendingPasswordReset && (
                          <Badge color="yellow" variant="light">
                            {t('admin.pendingPasswordReset')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <MultiSelect
                          aria-label={`${t('admin.roles')} ${user.username}`}
                          value={user.roles}
                          data={PERSON_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                          onChange={(roles) =>
                            update.mutate(
                              { username: user.username, roles: roles.filter(isPersonRole) },
                              { onSuccess: (saved) => void done(saved) },
                            )
                          }
                          size="xs"
                          maw={320}
                        />
                      ) : (
                        <Group gap={4}>
                          {user.roles.map((r) => (
                            <Badge key={r} variant="light">
                              {t(`role.${r}`)}
                            </Badge>
                          ))}
                        </Group>
                      )}
                      {user.pendingRoles !== null && (
                        <Text size="xs" c="yellow.8" mt={4}>
                          {t('admin.pendingRoles', {
                            roles: user.pendingRoles.map((r) => t(`role.${r}`)).join(', ') || '—',
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {user.lastSignInAt ? format.dateTime(user.lastSignInAt) : t('admin.never')}
                      </Text>
                    </Table.Td>
                    <Table.Td w={50}>
                      {canEdit && (
                        <Menu withinPortal position="bottom-end">
                          <Menu.Target>
                            <ActionIcon variant="subtle" aria-label={`${t('common.more')} ${user.username}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              onClick={() => {
                                setNewPassword('');
                                setResetting(user.username);
                              }}
                            >
                              {t('admin.resetPassword')}
                            </Menu.Item>
                            {user.lockedUntil && (
                              <Menu.Item onClick={() => unlock.mutate({ username: user.username })}>
                                {t('admin.unlock')}
                              </Menu.Item>
                            )}
                            <Menu.Item
                              color={user.disabled ? undefined : 'red'}
                              onClick={() =>
                                update.mutate(
                                  { username: user.username, disabled: !user.disabled },
                                  { onSuccess: (saved) => void done(saved) },
                                )
                              }
                            >
                              {user.disabled ? t('admin.enable') : t('admin.disable')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </QueryState>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('admin.addUser')}>
        <Stack gap="sm">
          <ErrorAlert error={create.error} />
          <TextInput
            label={t('admin.username')}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            withAsterisk
            data-autofocus
          />
          <TextInput
            label={t('admin.displayName')}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            withAsterisk
          />
          <MultiSelect
            label={t('admin.roles')}
            description={t('admin.rolesNeedApproval')}
            value={form.roles}
            data={PERSON_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            onChange={(roles) => setForm({ ...form, roles: roles.filter(isPersonRole) })}
          />
          <TextInput
            label={t('admin.reason')}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          />
          <PasswordInput
            label={t('admin.password')}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            withAsterisk
            autoComplete="new-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={create.isPending}
              onClick={() => {
                const { reason, ...rest } = form;
                create.mutate({ ...rest, ...(reason.trim() ? { reason: reason.trim() } : {}) });
              }}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={resetting !== null}
        onClose={() => setResetting(null)}
        title={`${t('admin.resetPassword')} · ${resetting ?? ''}`}
      >
        <Stack gap="sm">
          <ErrorAlert error={setPassword.error} />
          <PasswordInput
            label={t('admin.newPassword')}
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            autoComplete="new-password"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button
              loading={setPassword.isPending}
              onClick={() => resetting && setPassword.mutate({ username: resetting, password: newPassword })}
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function KeysTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const format = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.keys.list.queryOptions({ includeRevoked: true }));
  const policies = useQuery(trpc.policies.list.queryOptions({}));
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<KeyScope[]>(['evaluate']);
  const [policyKeys, setPolicyKeys] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: async (result) => {
        setAdding(false);
        setSecret(result.secret);
        await queryClient.invalidateQueries(trpc.keys.pathFilter());
      },
    }),
  );
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.keys.pathFilter()),
    }),
  );
  return (
    <Stack gap="sm">
      <ErrorAlert error={revoke.error} />
      {canEdit && (
        <Group>
          <Button leftSection={<IconKey size={16} />} onClick={() => setAdding(true)}>
            {t('admin.addKey')}
          </Button>
        </Group>
      )}
      {secret && (
        <Alert
          color="orange"
          title={t('admin.secretTitle')}
          withCloseButton
          onClose={() => setSecret(null)}
          closeButtonLabel={t('common.close')}
        >
          <Text size="sm" mb="xs">
            {t('admin.secretBody')}
          </Text>
          <Group gap="xs">
            <Code>{secret}</Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <QueryState query={keys}>
        {(list) => (
          <Card p={0}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.keyName')}</Table.Th>
                  <Table.Th>{t('admin.scopes')}</Table.Th>
                  <Table.Th>{t('admin.policyKeys')}</Table.Th>
                  <Table.Th>{t('admin.lastUsed')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((key) => (
                  <Table.Tr key={key.id} style={{ opacity: key.revokedAt ? 0.55 : 1 }}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {key.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {key.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.scopes.map((s) => (
                          <Badge key={s} variant="light">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {key.policyKeys ? key.policyKeys.join(', ') : t('admin.allPolicies')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('admin.never')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {key.revokedAt ? (
                        <Badge color="red" variant="light">
                          {t('admin.revoked')}
                        </Badge>
                      ) : (
                        canEdit && (
                          <Button
                            size="compact-xs"
                            color="red"
                            variant="subtle"
                            onClick={() =>
                              window.confirm(t('admin.revokeConfirm', { name: key.name })) &&
                              revoke.mutate({ id: key.id })
                            }
                          >
                            {t('admin.revoke')}
                          </Button>
                        )
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </QueryState>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('admin.addKey')}>
        <Stack gap="sm">
          <ErrorAlert error={create.error} />
          <TextInput
            label={t('admin.keyName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            withAsterisk
            data-autofocus
          />
          <Checkbox.Group
            label={t('admin.scopes')}
            value={scopes}
            onChange={(v) => setScopes(KEY_SCOPES.filter((s) => v.includes(s)))}
          >
            <Group mt={4}>
              <Checkbox value="evaluate" label={t('admin.scopeEvaluate')} />
              <Checkbox value="bundles" label={t('admin.scopeBundles')} />
              <Checkbox value="decisions" label={t('admin.scopeDecisions')} />
            </Group>
          </Checkbox.Group>
          <MultiSelect
            label={t('admin.policyKeys')}
            value={policyKeys}
            onChange={setPolicyKeys}
            data={(policies.data ?? []).map((p) => ({ value: p.policy.key, label: pick(p.policy.title) }))}
            searchable
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              leftSection={<IconPlus size={16} />}
              loading={create.isPending}
              onClick={() => create.mutate({ name, scopes, ...(policyKeys.length ? { policyKeys } : {}) })}
            >
              {t('admin.addKey')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/**
 * Grant requests: roles asked for (also for a new account) and password resets of people with
 * roles. A second administrator — not the one who asked, not the person concerned — approves; the
 * one who asked may withdraw. The buttons say why they are closed and who can decide instead.
 */
function RequestsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const requests = useQuery(trpc.users.requests.queryOptions({}));
  const users = useQuery(trpc.users.list.queryOptions());
  const [comment, setComment] = useState<Record<string, string>>({});
  const settle = {
    onSuccess: async () => {
      await queryClient.invalidateQueries(trpc.users.pathFilter());
      notifications.show({ color: 'teal', message: t('admin.saved') });
    },
  };
  const decisionOf = (id: string) => {
    const text = comment[id]?.trim();
    return text ? { id, comment: text } : { id };
  };
  const approve = useMutation(trpc.users.approveRequest.mutationOptions(settle));
  const reject = useMutation(trpc.users.rejectRequest.mutationOptions(settle));
  const admins = (users.data ?? []).filter((user) => !user.disabled && user.roles.includes('admin'));
  const deciders = (request: GrantRequest) =>
    admins
      .map((admin) => admin.username)
      .filter((name) => name !== request.requestedBy && name !== request.username);
  const what = (request: GrantRequest) =>
    request.kind === 'password'
      ? t('admin.requestPassword')
      : t('admin.requestRoles', {
          before: (request.rolesBefore ?? []).map((r) => t(`role.${r}`)).join(', ') || '—',
          after: (request.rolesAfter ?? []).map((r) => t(`role.${r}`)).join(', ') || '—',
        });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('admin.requestsIntro')}
      </Text>
      <ErrorAlert error={approve.error ?? reject.error} />
      <QueryState query={requests}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm">{t('admin.noRequests')}</Text>
          ) : (
            <Card p={0}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.username')}</Table.Th>
                    <Table.Th>{t('admin.request')}</Table.Th>
                    <Table.Th>{t('admin.requestedBy')}</Table.Th>
                    <Table.Th>{t('admin.requestStatus')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((request) => {
                    const mine = me?.id === request.requestedBy;
                    const aboutMe = me?.id === request.username;
                    const others = deciders(request);
                    return (
                      <Table.Tr key={request.id} data-testid={`request-${request.username}`}>
                        <Table.Td>
                          <Text size="sm" ff="monospace">
                            {request.username}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{what(request)}</Text>
                          {request.reason && (
                            <Text size="xs" c="dimmed">
                              {request.reason}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{request.requestedBy}</Text>
                          <Text size="xs" c="dimmed">
                            {format.dateTime(request.requestedAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {request.status !== 'pending' ? (
                            <Text size="sm">
                              {t(`admin.status.${request.status}`)}
                              {request.decidedBy && ` · ${request.decidedBy}`}
                              {request.comment && ` — ${request.comment}`}
                            </Text>
                          ) : !canEdit ? (
                            <Badge color="yellow" variant="light">
                              {t('admin.status.pending')}
                            </Badge>
                          ) : (
                            <Stack gap={6}>
                              {(mine || aboutMe) && (
                                <Text size="xs" c="orange.8" role="note">
                                  {mine ? t('admin.cannotApproveOwn') : t('admin.cannotApproveSelf')}{' '}
                                  {others.length > 0
                                    ? t('admin.whoCanApprove', { names: others.join(', ') })
                                    : t('admin.nobodyCanApprove')}
                                </Text>
                              )}
                              <TextInput
                                size="xs"
                                placeholder={t('admin.comment')}
                                aria-label={`${t('admin.comment')} ${request.username}`}
                                value={comment[request.id] ?? ''}
                                onChange={(e) =>
                                  setComment({ ...comment, [request.id]: e.currentTarget.value })
                                }
                              />
                              <Group gap={6}>
                                <Button
                                  size="xs"
                                  disabled={mine || aboutMe}
                                  loading={approve.isPending}
                                  onClick={() => approve.mutate(decisionOf(request.id))}
                                >
                                  {t('admin.approve')}
                                </Button>
                                <Button
                                  size="xs"
                                  variant="default"
                                  disabled={aboutMe && !mine}
                                  loading={reject.isPending}
                                  onClick={() => reject.mutate(decisionOf(request.id))}
                                >
                                  {mine ? t('admin.withdraw') : t('admin.reject')}
                                </Button>
                              </Group>
                            </Stack>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Card>
          )
        }
      </QueryState>
    </Stack>
  );
}

/** People (roles, disable, reset, unlock) and API keys (create — shown once — and revoke); auditors read. */
export function AdminPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const canEdit = hasRole(user, 'admin');
  return (
    <>
      <PageHeader title={t('admin.title')} subtitle={t('admin.subtitle')} />
      {!canEdit && (
        <Alert color="gray" mb="md">
          {t('admin.readOnly')}
        </Alert>
      )}
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users">{t('admin.users')}</Tabs.Tab>
          <Tabs.Tab value="requests">{t('admin.requests')}</Tabs.Tab>
          <Tabs.Tab value="keys">{t('admin.keys')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="requests">
          <RequestsTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="keys">
          <KeysTab canEdit={canEdit} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
