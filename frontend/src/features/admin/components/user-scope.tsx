import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, MultiSelect, Select, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { problemMessage } from '@/lib/problems';
import { useAgencyOptions, useCreateTeam, usePortfolioOptions, useSaveScope, useTeams } from '../api/admin';
import type { Schemas } from '@/lib/api';

type User = Schemas['ListUsersItem'];

/** Who an agent or supervisor works for and what they see: portfolios (none: all), team, collection agency. */
export function UserScope({ user, onDone }: { user: User; onDone: () => void }) {
  const portfolios = usePortfolioOptions();
  const teams = useTeams();
  const agencies = useAgencyOptions();
  const save = useSaveScope();
  const [portfolioIds, setPortfolioIds] = useState<string[]>(user.portfolioIds ?? []);
  const [teamId, setTeamId] = useState<string | null>(user.teamId ?? null);
  const [agencyId, setAgencyId] = useState<string | null>(user.agencyId ?? null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: user.id, portfolioIds, teamId, agencyId }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label={`Escopo de ${user.name}`}>
      <SimpleGrid cols={{ base: 1, md: 4 }} style={{ alignItems: 'end' }}>
        <MultiSelect label="Carteiras (vazio: todas)" value={portfolioIds} onChange={setPortfolioIds} clearable searchable
          data={(portfolios.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        <Select label="Equipe" value={teamId} onChange={setTeamId} clearable placeholder="Sem equipe"
          data={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))} />
        <Select label="Assessoria" value={agencyId} onChange={setAgencyId} clearable placeholder="Da própria empresa"
          data={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
        <Group gap="xs">
          <Button type="submit" loading={save.isPending}>Salvar escopo</Button>
          <Button variant="subtle" onClick={onDone}>Cancelar</Button>
        </Group>
      </SimpleGrid>
      {save.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(save.error)}</Alert>}
    </form>
  );
}

/** The teams: each owned by a supervisor; agents join one in their scope above. */
export function Teams({ supervisors }: { supervisors: User[] }) {
  const teams = useTeams();
  const create = useCreateTeam();
  const [name, setName] = useState('');
  const [supervisorId, setSupervisorId] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, supervisorId }, { onSuccess: () => { setName(''); setSupervisorId(null); } });
  };
  return (
    <Card withBorder mt="md">
      <Title order={3} size="h4" mb="sm">Equipes</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} style={{ alignItems: 'end' }} component="form" onSubmit={submit} aria-label="Nova equipe">
        <TextInput label="Nome da equipe" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <Select label="Supervisor" value={supervisorId} onChange={setSupervisorId} clearable
          data={supervisors.map((s) => ({ value: s.id, label: s.name }))} />
        <Button type="submit" loading={create.isPending}>Criar equipe</Button>
      </SimpleGrid>
      {create.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(create.error)}</Alert>}
      <Table aria-label="Equipes" mt="sm">
        <Table.Thead><Table.Tr><Table.Th>Equipe</Table.Th><Table.Th>Supervisor</Table.Th><Table.Th>Integrantes</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {(teams.data?.items ?? []).map((t) => (
            <Table.Tr key={t.id}><Table.Td>{t.name}</Table.Td><Table.Td>{t.supervisorName ?? '—'}</Table.Td><Table.Td>{t.members}</Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
