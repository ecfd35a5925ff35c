import { useState } from 'react';
import { Alert, Anchor, Button, Card, Checkbox, Group, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatBRL, formatDate } from '@/lib/format';
import { problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { usePortfolios } from '../api/settings';
import { useAssign, useAssignments, useTeam, type AssignmentFilters } from '../api/assignments';

const buckets = [
  { value: 'not_due', label: 'A vencer' }, { value: '1-30', label: '1 a 30 dias' }, { value: '31-60', label: '31 a 60 dias' },
  { value: '61-90', label: '61 a 90 dias' }, { value: '91-180', label: '91 a 180 dias' }, { value: '181-360', label: '181 a 360 dias' },
  { value: '361+', label: 'Mais de 360 dias' },
];

const Nobody = 'nobody';

/** Handing out debts: filter the debtors, pick them, give them to an agent; who holds how many; reassign. */
export function Assignments() {
  const team = useTeam();
  const portfolios = usePortfolios();
  const [holder, setHolder] = useState<string>(Nobody);
  const [portfolioId, setPortfolioId] = useState<string | null>(null);
  const [bucket, setBucket] = useState<string | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState<string | null>(null);
  const filters: AssignmentFilters = {
    portfolioId: portfolioId ?? undefined, bucket: bucket ?? undefined, limit: 50, cursor: cursors.at(-1),
    ...(holder === Nobody ? { unassigned: true } : holder === '' ? {} : { agentId: holder }),
  };
  const list = useAssignments(filters);
  const assign = useAssign();
  const agents = team.data?.agents ?? [];
  const agentOptions = agents.map((a) => ({ value: a.agentId, label: a.name }));
  const refilter = (change: () => void) => { change(); setCursors([]); setSelected(new Set()); };
  const items = list.data?.items ?? [];
  const invoiceIds = items.filter((i) => selected.has(i.debtorId)).flatMap((i) => i.debts.map((d) => d.invoiceId));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  return (
    <Stack>
      <Title order={2}>Atribuição de débitos</Title>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Quem tem o quê</Title>
        {team.isPending ? <Loading /> : team.isError ? <Failure error={team.error} /> : (
          <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Carteira de cada operador (role para ver mais)' }}>
            <Table aria-label="Carteira de cada operador" verticalSpacing={4} miw={480}>
              <Table.Thead>
                <Table.Tr><Table.Th>Operador</Table.Th><Table.Th ta="right">Devedores</Table.Th><Table.Th ta="right">Débitos</Table.Th><Table.Th ta="right">Em aberto</Table.Th><Table.Th /></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agents.map((a) => (
                  <Table.Tr key={a.agentId}>
                    <Table.Td>{a.name}</Table.Td><Table.Td ta="right">{a.debtors}</Table.Td><Table.Td ta="right">{a.debts}</Table.Td>
                    <Table.Td ta="right">{formatBRL(a.outstanding)}</Table.Td>
                    <Table.Td><Button size="compact-xs" variant="subtle" onClick={() => refilter(() => setHolder(a.agentId))}>ver e reatribuir</Button></Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td fw={500}>Sem operador</Table.Td><Table.Td ta="right">{team.data.unassignedDebtors}</Table.Td>
                  <Table.Td ta="right">{team.data.unassignedDebts}</Table.Td><Table.Td ta="right">{formatBRL(team.data.unassignedOutstanding)}</Table.Td>
                  <Table.Td><Button size="compact-xs" variant="subtle" onClick={() => refilter(() => setHolder(Nobody))}>atribuir</Button></Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Card>
      <Card withBorder>
        <Group align="flex-end" mb="sm" wrap="wrap">
          <Select label="Com quem está" value={holder} allowDeselect={false} w={220}
            data={[{ value: Nobody, label: 'Sem operador' }, { value: '', label: 'Todos' }, ...agentOptions]}
            onChange={(v) => refilter(() => setHolder(v ?? Nobody))} />
          <Select label="Carteira" placeholder="Todas" clearable value={portfolioId} w={220}
            data={(portfolios.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.creditor} · ${p.name}` }))}
            onChange={(v) => refilter(() => setPortfolioId(v))} />
          <Select label="Atraso" placeholder="Qualquer" clearable value={bucket} data={buckets} w={180} onChange={(v) => refilter(() => setBucket(v))} />
        </Group>
        {assign.isError && <Alert color="red" role="alert" mb="xs">{problemMessage(assign.error)}</Alert>}
        {assign.isSuccess && <Alert color="teal" role="status" mb="xs">{assign.data.assigned} débito(s) atribuído(s).</Alert>}
        <Group mb="xs" align="flex-end" wrap="wrap">
          <Select label="Atribuir os selecionados a" placeholder="Escolha o operador" value={target} data={agentOptions} onChange={setTarget} w={240} searchable />
          <Button disabled={!target || invoiceIds.length === 0} loading={assign.isPending}
            onClick={() => assign.mutate({ agentId: target!, invoiceIds }, { onSuccess: () => setSelected(new Set()) })}>
            Atribuir {selected.size > 0 ? `${selected.size} devedor(es)` : ''}
          </Button>
        </Group>
        {list.isPending ? <Loading /> : list.isError ? <Failure error={list.error} /> : (
          <>
            <Text size="sm" c="dimmed" role="status" mb="xs">{list.data.total} devedor(es) com débitos em aberto neste filtro</Text>
            <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Devedores para atribuir (role para ver mais)' }}>
              <Table aria-label="Devedores para atribuir" verticalSpacing={4} miw={640}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <Checkbox aria-label="Selecionar todos desta página" checked={items.length > 0 && items.every((i) => selected.has(i.debtorId))}
                        onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.debtorId)) : new Set())} />
                    </Table.Th>
                    <Table.Th>Devedor</Table.Th><Table.Th>Débitos</Table.Th><Table.Th ta="right">Atraso</Table.Th><Table.Th ta="right">Em aberto</Table.Th><Table.Th>Com</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((i) => (
                    <Table.Tr key={i.debtorId}>
                      <Table.Td><Checkbox aria-label={`Selecionar ${i.debtorName}`} checked={selected.has(i.debtorId)} onChange={() => toggle(i.debtorId)} /></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/devedores/${i.debtorId}`}>{i.debtorName}</Anchor> <Text span size="xs" c="dimmed">{i.document}</Text></Table.Td>
                      <Table.Td><Text size="xs">{i.debts.map((d) => `${d.externalId} (${d.portfolio}, venc. ${formatDate(d.dueDate)})`).join('; ')}</Text></Table.Td>
                      <Table.Td ta="right">{i.daysLate} dias</Table.Td>
                      <Table.Td ta="right">{formatBRL(i.outstanding)}</Table.Td>
                      <Table.Td>{[...new Set(i.debts.map((d) => d.agentName ?? 'sem operador'))].join(', ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Group justify="flex-end" mt="xs">
              <Button variant="default" disabled={cursors.length === 0} onClick={() => { setCursors((c) => c.slice(0, -1)); setSelected(new Set()); }}>Anterior</Button>
              <Button variant="default" disabled={!list.data.nextCursor}
                onClick={() => { setCursors((c) => [...c, list.data!.nextCursor!]); setSelected(new Set()); }}>Próxima</Button>
            </Group>
          </>
        )}
      </Card>
    </Stack>
  );
}
