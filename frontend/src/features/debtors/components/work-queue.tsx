import { useEffect, useState } from 'react';
import { Anchor, Badge, Button, Card, Checkbox, Group, Select, Table, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { formatBRL, formatDateTime } from '@/lib/format';
import { useWorkQueue, type QueueFilters } from '../api/debtors';
import { rememberQueueFilters } from '../api/calls';
import { DebtorSearch } from './debtor-search';
import { Failure, Loading } from '@/components/status';

const pageSize = 50;

const buckets = [
  { value: 'not_due', label: 'A vencer' },
  { value: '1-30', label: '1 a 30 dias' },
  { value: '31-60', label: '31 a 60 dias' },
  { value: '61-90', label: '61 a 90 dias' },
  { value: '91-180', label: '91 a 180 dias' },
  { value: '181-360', label: '181 a 360 dias' },
  { value: '361+', label: 'Mais de 360 dias' },
];

const reasonColors: Record<string, string> = { callback_due: 'blue', promise_due: 'orange', bureau_alert: 'grape', promise_pending: 'gray', no_contact: 'gray' };

/** The agent's day: which debtors to work now, why, and whether they may be contacted right now. */
export function WorkQueue() {
  const [filters, setFilters] = useState<QueueFilters>({ offset: 0, limit: pageSize });
  const queue = useWorkQueue(filters);
  const set = (change: Partial<QueueFilters>) => setFilters((f) => ({ ...f, ...change, offset: 0 }));
  useEffect(() => rememberQueueFilters(filters), [filters]);
  const total = queue.data?.total ?? 0;
  const offset = filters.offset ?? 0;
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Title order={2}>Fila de trabalho</Title>
        <DebtorSearch />
      </Group>
      <Group mb="sm" align="flex-end" gap="sm" role="search" aria-label="Filtros da fila">
        <Select label="Carteira" placeholder="Todas" clearable w={200} value={filters.portfolioId ?? null}
          data={(queue.data?.portfolios ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.debtors})` }))}
          onChange={(v) => set({ portfolioId: v ?? undefined })} />
        <Select label="Atraso" placeholder="Todos" clearable w={180} value={filters.bucket ?? null} data={buckets}
          onChange={(v) => set({ bucket: (v ?? undefined) as QueueFilters['bucket'] })} />
        <Checkbox label="Só quem pode ser contatado agora" checked={filters.contactAllowedNow === true}
          onChange={(e) => set({ contactAllowedNow: e.currentTarget.checked ? true : undefined })} mb={8} />
        {queue.data && <Text size="sm" c="dimmed" mb={8} ml="auto" role="status">{total === 1 ? '1 devedor' : `${total} devedores`}</Text>}
      </Group>
      <Card withBorder padding={0}>
        {queue.isPending ? (
          <Loading />
        ) : queue.isError ? (
          <Failure error={queue.error} />
        ) : queue.data.items.length === 0 ? (
          <Text p="md" c="dimmed">Nenhum devedor na sua fila agora.</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label="Fila de trabalho">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Devedor</Table.Th>
                  <Table.Th ta="right">Débitos</Table.Th>
                  <Table.Th ta="right">Em aberto</Table.Th>
                  <Table.Th ta="right">Atraso</Table.Th>
                  <Table.Th>Por quê</Table.Th>
                  <Table.Th>Contato agora</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.items.map((item) => (
                  <Table.Tr key={item.debtorId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/devedores/${item.debtorId}`}>{item.debtorName}</Anchor>
                      <Text size="xs" c="dimmed">{item.document}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{item.debts}</Table.Td>
                    <Table.Td ta="right">{formatBRL(item.outstanding)}</Table.Td>
                    <Table.Td ta="right">{item.daysLate} dias</Table.Td>
                    <Table.Td>
                      {reasonColors[item.reasonCode] ? (
                        <Badge color={reasonColors[item.reasonCode]} variant="light" tt="none" style={{ whiteSpace: 'normal', height: 'auto' }}>{item.reason}</Badge>
                      ) : (
                        <Text size="sm">{item.reason}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {!item.reachable ? (
                        <Tooltip label="Sem contato utilizável: inválidos ou com oposição do devedor">
                          <Badge color="gray" variant="light">Sem contato</Badge>
                        </Tooltip>
                      ) : item.contactAllowedNow ? (
                        <Badge color="teal" variant="light">Permitido</Badge>
                      ) : (
                        <Tooltip label={item.contactNote ?? 'Fora do horário permitido'}>
                          <Badge color="gray" variant="light">A partir de {formatDateTime(item.contactAllowedFrom)}</Badge>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {total > pageSize && (
        <Group justify="flex-end" mt="sm" gap="xs">
          <Text size="sm" c="dimmed">{offset + 1}–{Math.min(offset + pageSize, total)} de {total}</Text>
          <Button size="xs" variant="default" disabled={offset === 0}
            onClick={() => setFilters((f) => ({ ...f, offset: Math.max(0, offset - pageSize) }))}>Anteriores</Button>
          <Button size="xs" variant="default" disabled={offset + pageSize >= total}
            onClick={() => setFilters((f) => ({ ...f, offset: offset + pageSize }))}>Próximos</Button>
        </Group>
      )}
    </>
  );
}
