import { Alert, Anchor, Badge, Button, Card, CopyButton, Group, Image, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { formatBRL, formatDate, formatDateTime, formatPercent, roleLabels, statusLabels } from '@/lib/format';
import { Failure, Loading } from '@/components/status';
import { useMe } from '@/features/auth/api/get-me';
import { useAgreement } from '../api/agreements';
import { Decision } from './decision';

/** An agreement: its figures, installments with the Pix copia-e-cola and QR code of the next one, and the printable terms. */
export function AgreementView() {
  const { id = '' } = useParams();
  const agreement = useAgreement(id);
  const me = useMe();
  if (agreement.isPending) return <Loading />;
  if (agreement.isError) return <Failure error={agreement.error} />;
  const a = agreement.data;
  const mayDecide = me.data?.role === 'supervisor' || me.data?.role === 'admin';
  const next = a.installments.find((i) => !i.paidAt && i.pixPayload);

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>Acordo de {formatDate(a.agreementDate)}</Title>
          <Anchor component={Link} to={`/devedores/${a.debtorId}`} size="sm">Ver devedor</Anchor>
        </div>
        <Group>
          <Badge size="lg" variant={a.status === 'pending_approval' ? 'outline' : 'filled'} color={a.status === 'pending_approval' ? 'red.9' : a.status === 'active' ? 'teal' : 'gray.7'}>
            {statusLabels[a.status] ?? a.status}
          </Badge>
          <Button component="a" href={`/api/v1/agreements/${a.id}/terms`} target="_blank" variant="light">Termo do acordo</Button>
          <Button component="a" href={`/api/v1/agreements/${a.id}/terms?format=pdf`} variant="default">Baixar PDF</Button>
        </Group>
      </Group>
      {a.status === 'pending_approval' && (
        <Alert color="orange" title="Aguardando aprovação">
          Este plano precisa da alçada de {roleLabels[a.requiredRole] ?? a.requiredRole}. O devedor só recebe as cobranças (e o Pix) depois da aprovação.
          {a.violations.length > 0 && (
            <List size="sm" mt="xs">{a.violations.map((v) => <List.Item key={v.rule}>{v.message}</List.Item>)}</List>
          )}
          {mayDecide && <Group mt="sm"><Decision agreementId={a.id} label="deste acordo" /></Group>}
        </Alert>
      )}
      {a.automaticPix && (
        <Alert color={automaticColors[a.automaticPix.status] ?? 'gray'} title="Pix Automático" aria-label="Pix Automático">
          {automaticLabels[a.automaticPix.status] ?? a.automaticPix.status}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Figure label="Valor atualizado" value={formatBRL(a.valuationTotal)} />
        <Figure label={`Desconto (${formatPercent(a.discountPercent)})`} value={formatBRL(a.discount)} />
        <Figure label="Total" value={formatBRL(a.total)} />
        <Figure label="Pago" value={formatBRL(a.paid)} />
        <Figure label="CET" value={`${formatPercent(a.cetMonthly)} a.m. · ${formatPercent(a.cetYearly)} a.a.`} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: next ? 2 : 1 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Parcelas</Title>
          <Table aria-label="Parcelas" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr><Table.Th>Nº</Table.Th><Table.Th>Vencimento</Table.Th><Table.Th ta="right">Valor</Table.Th><Table.Th>Situação</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.installments.map((i) => (
                <Table.Tr key={i.number}>
                  <Table.Td>{i.number === 0 ? 'Entrada' : i.number}</Table.Td>
                  <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                  <Table.Td ta="right">{formatBRL(i.amount)}</Table.Td>
                  <Table.Td>
                    {i.paidAt ? `Paga em ${formatDate(i.paidAt)}` : (statusLabels[i.status] ?? i.status)}
                    {!i.paidAt && i.pix?.kind === 'automatic' && ' · débito por Pix Automático'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        {next && next.pixPayload && (
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">Pix da parcela {next.number === 0 ? 'de entrada' : next.number}</Title>
            <Group align="flex-start">
              <Image src={`/api/v1/agreements/${a.id}/installments/${next.number}/qr.svg`} alt={`QR code Pix da parcela ${next.number}`} w={180} h={180} />
              <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm">{formatBRL(next.amount)} · vence em {formatDate(next.dueDate)}</Text>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{next.pixPayload}</Text>
                <CopyButton value={next.pixPayload}>
                  {({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copiado' : 'Copiar Pix copia e cola'}</Button>}
                </CopyButton>
              </Stack>
            </Group>
          </Card>
        )}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Criado por {a.createdBy} em {formatDateTime(a.createdAt)}
        {a.decidedBy && ` · decidido por ${a.decidedBy} em ${formatDateTime(a.decidedAt)}`}
      </Text>
    </Stack>
  );
}

/** The recurrence as the debtor's authorisation left it (ADR 0021). */
export const automaticLabels: Record<string, string> = {
  awaiting_authorisation: 'Pix Automático: aguardando autorização do devedor no aplicativo do banco dele.',
  authorised: 'Pix Automático: autorizado — cada parcela é debitada no vencimento.',
  refused: 'Pix Automático: recusado — pagamento por Pix copia e cola.',
  cancelled: 'Pix Automático: cancelado.',
  failed: 'Pix Automático: não foi possível solicitar a autorização — pagamento por Pix copia e cola.',
};

const automaticColors: Record<string, string> = { awaiting_authorisation: 'blue', authorised: 'teal', refused: 'orange', cancelled: 'gray', failed: 'orange' };

const Figure = ({ label, value }: { label: string; value: string }) => (
  <Card withBorder padding="xs">
    <Text size="xs" c="dimmed">{label}</Text>
    <Text fw={600}>{value}</Text>
  </Card>
);
