import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, SegmentedControl, Table, Text, Textarea, Title } from '@mantine/core';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { indexNames, useIndex, useLoadIndex, type IndexName } from '../api/indices';

/** What each index is for, as the valuation uses it (rules.md, "Atualização"). */
const explanations: Record<IndexName, string> = {
  IPCA: 'Correção monetária pelo IPCA (IBGE). É também o índice aplicado quando o contrato não escolheu nenhum (Código Civil, art. 389, parágrafo único).',
  INPC: 'Correção monetária pelo INPC (IBGE), quando o contrato o escolheu.',
  'IGP-M': 'Correção monetária pelo IGP-M (FGV), quando o contrato o escolheu.',
  'TAXA-LEGAL':
    'Taxa legal de juros de mora (Código Civil, art. 406, com a Lei 14.905/2024; Resolução CMN 5.171/2024): a Selic do mês menos o IPCA, ' +
    'nunca negativa, publicada mensalmente pelo Banco Central. Aplica-se, simples e pro rata die, às dívidas cujo contrato não estipulou ' +
    'taxa de juros (enviada pelo credor como contrato sem juros pactuados). Um mês sem valor carregado conta como zero: carregue todos os meses desde o vencimento mais antigo.',
};

// Indices are published with up to four decimals (0,1234%).
const variation = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const monthLabel = (yyyyMm: string | null | undefined) => (yyyyMm ? `${yyyyMm.slice(5, 7)}/${yyyyMm.slice(0, 4)}` : '—');

/** The monthly values behind correction and the legal rate: what is loaded, and a way to load more. */
export function Indices() {
  const [name, setName] = useState<IndexName>('TAXA-LEGAL');
  const index = useIndex(name);
  const load = useLoadIndex(name);
  const [csv, setCsv] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    load.mutate(csv, { onSuccess: () => setCsv('') });
  };
  const errorOf = fieldErrors(load.error);
  const months = [...(index.data?.values ?? [])].reverse();
  return (
    <>
      <Title order={2} mb="md">Índices e taxa legal</Title>
      <SegmentedControl mb="md" value={name} onChange={(v) => { setName(v as IndexName); load.reset(); }}
        data={indexNames.map((value) => ({ value, label: value === 'TAXA-LEGAL' ? 'Taxa legal' : value }))} aria-label="Índice" />
      <Alert color="blue" mb="md" role="note" title={name === 'TAXA-LEGAL' ? 'Taxa legal' : name}>{explanations[name]}</Alert>
      <Card withBorder mb="md" component="form" onSubmit={submit} aria-label="Carregar valores">
        <Textarea label="Valores mensais (um mês por linha: aaaa-mm;percentual)" autosize minRows={3} maxRows={10}
          placeholder={'2026-01;0,51\n2026-02;0,48'} value={csv} onChange={(e) => setCsv(e.currentTarget.value)}
          error={errorOf('values') ?? errorOf('csv')}
          description="Aceita a planilha exportada com ponto e vírgula e vírgula decimal, ou com vírgula e ponto decimal. Um mês já carregado é corrigido." />
        <Group mt="sm">
          <Button type="submit" loading={load.isPending} disabled={!csv.trim()}>Carregar</Button>
          {load.isSuccess && <Text size="sm" c="teal" role="status">{load.data.months} mês(es) carregado(s).</Text>}
        </Group>
        {load.isError && <Alert color="red" mt="sm" role="alert">{problemMessage(load.error)}</Alert>}
      </Card>
      <Card withBorder padding={0}>
        {index.isPending ? <Loading /> : index.isError ? <Failure error={index.error} /> : months.length === 0 ? (
          <Text p="md" c="dimmed">Nenhum mês carregado para este índice.</Text>
        ) : (
          <Table aria-label={`Valores de ${name}`} striped verticalSpacing="xs">
            <Table.Thead><Table.Tr><Table.Th>Mês</Table.Th><Table.Th ta="right">Variação no mês</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {months.map((v) => (
                <Table.Tr key={v.month}>
                  <Table.Td>{monthLabel(v.month)}</Table.Td>
                  <Table.Td ta="right">{v.percent == null ? '—' : `${variation.format(v.percent)}%`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
