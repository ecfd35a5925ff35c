import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { formatBRL, formatDate, formatDateTime } from '@/lib/format';
import { problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { purposeLabels, restrictionLabels, useBureauLookup, useBureauLookups } from '../api/bureau';

type Purpose = 'collection' | 'skip_tracing' | 'negotiation';

/**
 * The credit bureau on the debtor's page: a lookup for a purpose (the day's answer is shown again at no cost; beyond the
 * portfolio's monthly budget the API refuses and says why), the last answer (score, restrictions, contacts found) and the
 * monitoring alerts. Contacts found are added to the debtor's contacts with their source.
 */
export function BureauPanel({ debtorId }: { debtorId: string }) {
  const lookups = useBureauLookups(debtorId);
  const lookUp = useBureauLookup(debtorId);
  const [purpose, setPurpose] = useState<Purpose>('collection');
  const last = lookups.data?.items[0];
  return (
    <Card withBorder component="section" aria-label="Birô de crédito">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Birô de crédito</Title>
        {lookups.data?.monitored && <Badge variant="light">monitorado</Badge>}
      </Group>
      <Group align="flex-end" gap="xs">
        <Select label="Finalidade da consulta" size="xs" value={purpose} allowDeselect={false}
          data={(['collection', 'skip_tracing', 'negotiation'] as const).map((value) => ({ value, label: purposeLabels[value] }))}
          onChange={(v) => v && setPurpose(v as Purpose)} />
        <Button size="xs" loading={lookUp.isPending} onClick={() => lookUp.mutate(purpose)}>Consultar birô</Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>Base legal: proteção do crédito (LGPD art. 7º, X). A consulta do dia é reaproveitada sem custo.</Text>
      {lookUp.isError && <Alert color="red" mt="xs">{problemMessage(lookUp.error)}</Alert>}
      {lookUp.data && (
        <Text size="sm" mt="xs" role="status">
          {lookUp.data.cached ? 'Resposta de hoje reaproveitada, sem custo.' : `Consulta feita: ${formatBRL(lookUp.data.cost)} da verba da carteira.`}
        </Text>
      )}
      {lookups.isPending ? <Loading /> : lookups.isError ? <Failure error={lookups.error} /> : last && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            <Text span fw={500}>Score:</Text> {last.score ?? 'sem score'} · consultado em {formatDateTime(last.requestedAt)} por {last.requestedBy}
            {' '}({purposeLabels[last.purpose] ?? last.purpose})
          </Text>
          {last.erased ? <Text size="sm" c="dimmed">Resposta apagada (dados anonimizados).</Text> : (
            <>
              <Text size="sm" fw={500}>Restrições em outros credores</Text>
              {last.restrictions.length === 0 ? <Text size="sm" c="dimmed">Nada consta.</Text> : (
                <List size="sm" spacing={2}>
                  {last.restrictions.map((r) => (
                    <List.Item key={r.key}>
                      {restrictionLabels[r.kind] ?? r.kind}{r.creditor && ` — ${r.creditor}`}{r.amount != null && `, ${formatBRL(r.amount)}`}{r.date && ` em ${formatDate(r.date)}`}
                    </List.Item>
                  ))}
                </List>
              )}
              {last.contacts.length > 0 && (
                <Text size="sm">Contatos informados: {last.contacts.map((c) => c.value).join(', ')} (acrescentados ao devedor com origem “birô”, salvo os já conhecidos, inválidos ou com oposição)</Text>
              )}
            </>
          )}
        </Stack>
      )}
      {lookups.data && lookups.data.alerts.length > 0 && (
        <Stack gap={2} mt="sm">
          <Text size="sm" fw={500}>Alertas do monitoramento</Text>
          {lookups.data.alerts.slice(0, 5).map((a) => (
            <Text key={a.id} size="sm">{formatDateTime(a.raisedAt)}: {a.summary}</Text>
          ))}
        </Stack>
      )}
      {lookups.data && lookups.data.items.length > 1 && (
        <Text size="xs" c="dimmed" mt="xs">{lookups.data.items.length} consultas registradas para este devedor.</Text>
      )}
    </Card>
  );
}
