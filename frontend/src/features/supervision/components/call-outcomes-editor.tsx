import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import type { Schemas } from '@/lib/api';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { usePortfolioCallOutcomes, useSaveCallOutcomes } from '../api/call-outcomes';

type Outcome = Schemas['CallOutcome'];

export const effectLabels: Record<Outcome['effect'], string> = {
  none: 'Só registra',
  promise: 'Abre a promessa de pagamento',
  invalid_phone: 'Marca o telefone como inválido',
  deceased_hold: 'Suspende a cobrança por falecimento',
  dispute: 'Abre a suspensão por contestação',
  agreement: 'Leva à simulação de acordo',
};

/** The outcomes agents record calls of the portfolio with, in the order of their buttons (the first ten have keys 1-9 and 0). */
export function CallOutcomesEditor({ portfolioId }: { portfolioId: string }) {
  const current = usePortfolioCallOutcomes(portfolioId);
  const save = useSaveCallOutcomes(portfolioId);
  const [items, setItems] = useState<Outcome[] | null>(null);
  useEffect(() => { if (current.data) setItems(current.data.items); }, [current.data]);
  if (current.isError) return <Failure error={current.error} />;
  if (current.isPending || !items) return <Loading />;
  const errorOf = fieldErrors(save.error);
  const set = (i: number, patch: Partial<Outcome>) => setItems(items.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed" mb="sm">
        {current.data.custom ? 'Resultados próprios desta carteira. ' : 'Esta carteira usa os resultados padrão. '}
        O código é lido pelos relatórios e não deve mudar; o nome é o que o operador vê no botão.
      </Text>
      <Table aria-label="Resultados de ligação" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th>Código</Table.Th><Table.Th>Nome</Table.Th><Table.Th>Efeito</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((o, i) => (
            <Table.Tr key={i}>
              <Table.Td><TextInput size="xs" aria-label={`Código, resultado ${i + 1}`} value={o.code} onChange={(e) => set(i, { code: e.currentTarget.value })} error={errorOf(`items[${i}].code`)} /></Table.Td>
              <Table.Td><TextInput size="xs" aria-label={`Nome, resultado ${i + 1}`} value={o.label} onChange={(e) => set(i, { label: e.currentTarget.value })} error={errorOf(`items[${i}].label`)} /></Table.Td>
              <Table.Td>
                <Select size="xs" aria-label={`Efeito, resultado ${i + 1}`} value={o.effect} onChange={(v) => set(i, { effect: (v ?? 'none') as Outcome['effect'] })}
                  data={Object.entries(effectLabels).map(([value, label]) => ({ value, label }))} />
              </Table.Td>
              <Table.Td><ActionIcon variant="subtle" color="red" aria-label={`Remover resultado ${i + 1}`} onClick={() => setItems(items.filter((_, j) => j !== i))}>×</ActionIcon></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errorOf('items', { exact: true }) && <Text c="red" size="sm">{errorOf('items', { exact: true })}</Text>}
      <Group justify="space-between" mt="xs">
        <Button variant="subtle" size="xs" onClick={() => setItems([...items, { code: '', label: '', effect: 'none' }])}>Adicionar resultado</Button>
        <Button onClick={() => save.mutate(items)} loading={save.isPending}>Salvar resultados</Button>
      </Group>
      {save.isError && !errorOf('items') && (
        <Alert color="red" role="alert" mt="xs" p="xs">{problemMessage(save.error)}</Alert>
      )}
      {save.isSuccess && <Alert color="teal" role="status" mt="xs" p="xs">Resultados salvos: os operadores já os veem na próxima ligação.</Alert>}
    </Card>
  );
}
