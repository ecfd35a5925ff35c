import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Group, PasswordInput, Select, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { formatDateTime, roleLabels } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useCreateUser, useResetMfa, useTeams, useUsers } from '../api/admin';
import { Teams, UserScope } from './user-scope';
import type { Schemas } from '@/lib/api';

const empty = { email: '', name: '', role: 'agent', password: '' };

/** The people who use the product: who they are, their role, whether they can sign in. */
export function Users() {
  const users = useUsers();
  const create = useCreateUser();
  const [form, setForm] = useState(empty);
  const reset = useResetMfa();
  const [confirming, setConfirming] = useState<string>();
  const [scoping, setScoping] = useState<string>();
  const teams = useTeams();
  const teamName = (id?: string | null) => teams.data?.items.find((t) => t.id === id)?.name;
  const errorOf = fieldErrors(create.error);
  const set = (field: keyof typeof empty) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...form, role: form.role as Schemas['CreateUserCommand']['role'] }, { onSuccess: () => setForm(empty) });
  };
  return (
    <>
      <Title order={2} mb="md">Usuários</Title>
      <Card withBorder mb="md" component="form" onSubmit={submit} aria-label="Novo usuário">
        <SimpleGrid cols={{ base: 1, md: 5 }} style={{ alignItems: 'end' }}>
          <TextInput label="Nome" value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errorOf('name')} required />
          <TextInput label="E-mail" type="email" value={form.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errorOf('email')} required />
          <Select label="Papel" value={form.role} onChange={(v) => set('role')(v ?? 'agent')} error={errorOf('role')}
            data={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))} />
          <PasswordInput label="Senha inicial" value={form.password} onChange={(e) => set('password')(e.currentTarget.value)} error={errorOf('password')} required />
          <Button type="submit" loading={create.isPending}>Criar usuário</Button>
        </SimpleGrid>
        {create.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(create.error)}</Alert>}
      </Card>
      {reset.isError && <Alert color="red" mb="sm" role="alert">{problemMessage(reset.error)}</Alert>}
      <Card withBorder padding={0}>
        {users.isPending ? <Loading /> : users.isError ? <Failure error={users.error} /> : (
          <Table.ScrollContainer minWidth={960}>
          <Table aria-label="Usuários" striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr><Table.Th>Nome</Table.Th><Table.Th>E-mail</Table.Th><Table.Th>Papel</Table.Th><Table.Th>Situação</Table.Th><Table.Th>Duas etapas</Table.Th><Table.Th>Escopo</Table.Th><Table.Th>Desde</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{roleLabels[u.role] ?? u.role}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" color={u.isActive ? 'teal' : 'gray'}>{u.isActive ? 'Ativo' : 'Inativo'}</Badge>
                      {u.lockedUntil && <Badge variant="light" color="red">Bloqueado até {formatDateTime(u.lockedUntil)}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge variant="light" color={u.mfaEnabled ? 'teal' : 'gray'}>{u.mfaEnabled ? 'Ativa' : 'Não configurada'}</Badge>
                      {u.mfaEnabled && (confirming === u.id ? (
                        <>
                          <Button size="compact-xs" color="red" loading={reset.isPending}
                            onClick={() => reset.mutate(u.id, { onSettled: () => setConfirming(undefined) })}>
                            Confirmar redefinição
                          </Button>
                          <Button size="compact-xs" variant="subtle" onClick={() => setConfirming(undefined)}>Cancelar</Button>
                        </>
                      ) : (
                        <Button size="compact-xs" variant="light" onClick={() => setConfirming(u.id)}
                          aria-label={`Redefinir verificação em duas etapas de ${u.name}`}>
                          Redefinir verificação em duas etapas
                        </Button>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {(u.role === 'agent' || u.role === 'supervisor') && (
                      <Group gap={4}>
                        <Badge variant="light">{u.portfolioIds.length === 0 ? 'Todas as carteiras' : `${u.portfolioIds.length} carteira(s)`}</Badge>
                        {u.teamId && <Badge variant="light" color="grape">{teamName(u.teamId) ?? 'Equipe'}</Badge>}
                        {u.agencyId && <Badge variant="light" color="orange">Assessoria</Badge>}
                        <Button size="compact-xs" variant="light" onClick={() => setScoping(u.id)} aria-label={`Definir escopo de ${u.name}`}>
                          Definir escopo
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(u.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {scoping && users.data && (
        <Card withBorder mt="md">
          <UserScope key={scoping} user={users.data.items.find((u) => u.id === scoping)!} onDone={() => setScoping(undefined)} />
        </Card>
      )}
      <Teams supervisors={users.data?.items.filter((u) => u.role === 'supervisor') ?? []} />
    </>
  );
}
