import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { Failure, Loading } from '@/components/status';
import { formatBRL, formatDate, formatPercent, todayIso } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { usePortfolioOptions } from '@/features/admin/api/admin';
import { statementFile, useAgencies, usePerformance, usePlaceDebts, usePlacements, useRecall, useStatement } from '../api/escalation';

const placementStatus: Record<string, { label: string; color: string }> = {
  active: { label: 'Em andamento', color: 'teal' },
  recalled: { label: 'Recolhida', color: 'orange' },
  expired: { label: 'Encerrada no prazo', color: 'gray' },
};

/** Supervisors hand debts to collection agencies, recall them, compare the agencies and send each month's statement. */
export function Agencies() {
  return (
    <>
      <Title order={2} mb="md">Assessorias de cobrança</Title>
      <PlaceForm />
      <Placements />
      <Performance />
      <Statement />
    </>
  );
}

function PlaceForm() {
  const agencies = useAgencies();
  const portfolios = usePortfolioOptions();
  const place = usePlaceDebts();
  const [form, setForm] = useState<{ agencyId: string | null; portfolioId: string | null; days: number; minDaysLate: number | string; minBalance: number | string }>(
    { agencyId: null, portfolioId: null, days: 90, minDaysLate: 90, minBalance: '' });
  const errorOf = fieldErrors(place.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    place.mutate({
      agencyId: form.agencyId ?? '', portfolioId: form.portfolioId, days: form.days,
      minDaysLate: form.minDaysLate === '' ? null : Number(form.minDaysLate), minBalance: form.minBalance === '' ? null : Number(form.minBalance),
    });
  };
  return (
    <Card withBorder mb="md" component="form" onSubmit={submit} aria-label="Entregar débitos">
      <Title order={3} size="h4" mb="sm">Entregar débitos a uma assessoria</Title>
      <SimpleGrid cols={{ base: 1, md: 6 }} style={{ alignItems: 'end' }}>
        <Select label="Assessoria" value={form.agencyId} onChange={(v) => setForm((f) => ({ ...f, agencyId: v }))} error={errorOf('agencyId')} required
          data={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
        <Select label="Carteira" value={form.portfolioId} onChange={(v) => setForm((f) => ({ ...f, portfolioId: v }))} clearable placeholder="Todas"
          data={(portfolios.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        <NumberInput label="Dias em atraso, a partir de" value={form.minDaysLate} min={0} onChange={(v) => setForm((f) => ({ ...f, minDaysLate: v }))} />
        <NumberInput label="Saldo mínimo (R$)" value={form.minBalance} min={0} decimalScale={2} decimalSeparator="," thousandSeparator="."
          onChange={(v) => setForm((f) => ({ ...f, minBalance: v }))} />
        <NumberInput label="Prazo (dias)" value={form.days} min={1} max={730} error={errorOf('days')}
          onChange={(v) => setForm((f) => ({ ...f, days: Number(v) || 1 }))} />
        <Button type="submit" loading={place.isPending}>Entregar</Button>
      </SimpleGrid>
      {place.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(place.error)}</Alert>}
      {place.isSuccess && <Alert color="teal" mt="sm">{place.data.debts} débito(s) entregue(s), {formatBRL(place.data.outstanding)} até {formatDate(place.data.endsAt)}.</Alert>}
    </Card>
  );
}

function Placements() {
  const placements = usePlacements();
  const recall = useRecall();
  const [recalling, setRecalling] = useState<string>();
  const [reason, setReason] = useState('');
  if (placements.isPending) return <Loading />;
  if (placements.isError) return <Failure error={placements.error} />;
  return (
    <Card withBorder mb="md" padding={0}>
      <Title order={3} size="h4" p="sm">Entregas</Title>
      {recall.isError && <Alert color="red" m="sm" role="alert">{problemMessage(recall.error)}</Alert>}
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label="Entregas às assessorias" striped>
          <Table.Thead><Table.Tr><Table.Th>Assessoria</Table.Th><Table.Th>Entregue em</Table.Th><Table.Th>Até</Table.Th><Table.Th>Débitos</Table.Th>
            <Table.Th>Valor entregue</Table.Th><Table.Th>Recuperado</Table.Th><Table.Th>Comissão</Table.Th><Table.Th>Situação</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {placements.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.agency}</Table.Td><Table.Td>{formatDate(p.placedOn)}</Table.Td><Table.Td>{formatDate(p.endsAt)}</Table.Td>
                <Table.Td>{p.debts}</Table.Td><Table.Td>{formatBRL(p.placed)}</Table.Td><Table.Td>{formatBRL(p.recovered)}</Table.Td>
                <Table.Td>{formatBRL(p.commission)}</Table.Td>
                <Table.Td><Badge variant="light" color={placementStatus[p.status]?.color}>{placementStatus[p.status]?.label ?? p.status}</Badge>
                  {p.endNote && <div>{p.endNote}</div>}</Table.Td>
                <Table.Td>
                  {p.status === 'active' && (recalling === p.id ? (
                    <Group gap={4} wrap="nowrap">
                      <TextInput size="xs" aria-label="Motivo do recolhimento" placeholder="Motivo" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                      <Button size="compact-xs" color="red" loading={recall.isPending} disabled={!reason.trim()}
                        onClick={() => recall.mutate({ id: p.id, reason }, { onSuccess: () => { setRecalling(undefined); setReason(''); } })}>Recolher</Button>
                    </Group>
                  ) : <Button size="compact-xs" variant="light" onClick={() => setRecalling(p.id)}>Recolher débitos</Button>)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function Performance() {
  const performance = usePerformance();
  if (performance.isPending) return <Loading />;
  if (performance.isError) return <Failure error={performance.error} />;
  return (
    <Card withBorder mb="md" padding={0}>
      <Title order={3} size="h4" p="sm">Desempenho por safra de entrega</Title>
      <Table aria-label="Desempenho das assessorias">
        <Table.Thead><Table.Tr><Table.Th>Safra</Table.Th><Table.Th>Assessoria</Table.Th><Table.Th>Débitos</Table.Th><Table.Th>Entregue</Table.Th>
          <Table.Th>Recuperado</Table.Th><Table.Th>Comissão</Table.Th><Table.Th>Taxa de recuperação</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {performance.data.items.map((i) => (
            <Table.Tr key={`${i.agencyId}-${i.cohort}`}>
              <Table.Td>{i.cohort.slice(5)}/{i.cohort.slice(0, 4)}</Table.Td><Table.Td>{i.agency}</Table.Td><Table.Td>{i.debts}</Table.Td>
              <Table.Td>{formatBRL(i.placed)}</Table.Td><Table.Td>{formatBRL(i.recovered)}</Table.Td><Table.Td>{formatBRL(i.commission)}</Table.Td>
              <Table.Td>{i.recoveryRate == null ? '—' : formatPercent(i.recoveryRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Statement() {
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const statement = useStatement(month);
  return (
    <Card withBorder padding={0}>
      <Group p="sm" justify="space-between">
        <Title order={3} size="h4">Prestação de contas</Title>
        <Group gap="xs">
          <TextInput aria-label="Mês" type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
          <Anchor href={statementFile(month, 'csv')}>Baixar CSV</Anchor>
          <Anchor href={statementFile(month, 'pdf')}>Baixar PDF</Anchor>
        </Group>
      </Group>
      {statement.isPending ? <Loading /> : statement.isError ? <Failure error={statement.error} /> : (
        <Table aria-label="Prestação de contas">
          <Table.Thead><Table.Tr><Table.Th>Assessoria</Table.Th><Table.Th>Credor</Table.Th><Table.Th>Entregue</Table.Th><Table.Th>Recuperado</Table.Th>
            <Table.Th>Comissão</Table.Th><Table.Th>Líquido ao credor</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {statement.data.items.map((l) => (
              <Table.Tr key={`${l.agencyId}-${l.partnerId}`}>
                <Table.Td>{l.agency}</Table.Td><Table.Td>{l.creditor}</Table.Td><Table.Td>{formatBRL(l.placed)}</Table.Td>
                <Table.Td>{formatBRL(l.recovered)}</Table.Td><Table.Td>{formatBRL(l.commission)}</Table.Td><Table.Td>{formatBRL(l.net)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr><Table.Th colSpan={2}>Total</Table.Th><Table.Th>{formatBRL(statement.data.placed)}</Table.Th><Table.Th>{formatBRL(statement.data.recovered)}</Table.Th>
              <Table.Th>{formatBRL(statement.data.commission)}</Table.Th><Table.Th>{formatBRL(statement.data.net)}</Table.Th></Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
