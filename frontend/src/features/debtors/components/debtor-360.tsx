import { startTransition, useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { channelLabels, formatBRL, formatDate, formatDateTime, statusLabels } from '@/lib/format';
import type { Schemas } from '@/lib/api';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { useDraft } from '@/lib/drafts';
import { Failure, Loading } from '@/components/status';
import { Simulator } from '@/features/negotiation/components/simulator';
import { AgreementCard } from '@/features/negotiation/components/agreement-card';
import { useAddNote, useDebtor, useLiftHold, useOptOut, useTimeline, useValuation } from '../api/debtors';
import { markVisited } from '../api/calls';
import { DebtorActions, type ActionRequest } from './actions';
import { CallPanel, type CallFollowUp } from './call-panel';
import { ScoreCard } from './score-card';
import { BureauPanel } from './bureau-panel';

const kindLabels: Record<string, string> = {
  note: 'Anotação', contact: 'Contato', payment: 'Pagamento', agreement: 'Acordo', completed: 'Acordo quitado', promise: 'Promessa',
  hold_placed: 'Cobrança suspensa', hold_lifted: 'Suspensão encerrada', opt_out: 'Oposição ao contato',
  invoice_cancelled: 'Débito cancelado pelo credor', anonymised: 'Dados anonimizados', call: 'Ligação',
  data_subject_report: 'Relatório de dados pessoais',
  enrichment: 'Contatos do birô', bureau_alert: 'Alerta do birô', contact_invalid: 'Contato inválido',
};
const resultLabels: Record<string, string> = {
  sent: 'enviada', delivered: 'entregue', failed: 'falhou', blocked: 'bloqueada pela regra', deferred: 'adiada',
  cancelled: 'cancelada', answered: 'atendida', no_answer: 'não atendida', printed: 'impressa', retry: 'nova tentativa',
  requested: 'pedido', call_back: 'pediu retorno',
};
/** The result of an entry, by its kind: a promise's outcome, an agreement's or a debt's status. */
const resultOf = (kind: string, result: string) =>
  kind === 'promise' ? promiseResults[result] ?? result
    : kind === 'agreement' || kind === 'payment' ? (agreementResults[result] ?? statusLabels[result] ?? result).toLowerCase()
      : resultLabels[result] ?? result;
const promiseResults: Record<string, string> = { made: 'registrada', kept: 'cumprida', partial: 'paga em parte', broken: 'não cumprida' };
const agreementResults: Record<string, string> = { created: 'fechado', active: 'em vigor', pending_approval: 'aguardando aprovação', broken: 'rompido' };

/** Everything about one debtor on one screen: who, how to reach them, what they owe today, what happened, what to offer. */
export function Debtor360() {
  const { id = '' } = useParams();
  const debtor = useDebtor(id);
  const valuation = useValuation(id);
  const optOut = useOptOut(id);
  const liftHold = useLiftHold(id);
  const [request, setRequest] = useState<ActionRequest>();
  const simulator = useRef<HTMLDivElement>(null);
  useEffect(() => { if (id) markVisited(id); }, [id]);
  // An outcome that needs more than a click opens its form: the promise prefilled, the dispute hold, the simulator.
  const followUp: CallFollowUp = (recorded) => {
    const seq = (request?.seq ?? 0) + 1;
    if (recorded.effect === 'promise' && recorded.promise)
      setRequest({ seq, tab: 'promise', promise: { amount: recorded.promise.amount, dueDate: recorded.promise.dueDate, note: recorded.promise.note } });
    else if (recorded.effect === 'dispute') setRequest({ seq, tab: 'hold', holdKind: 'dispute' });
    else if (recorded.effect === 'agreement') simulator.current?.scrollIntoView?.({ behavior: 'smooth' });
  };
  if (debtor.isPending) return <Loading />;
  if (debtor.isError) return <Failure error={debtor.error} />;
  const d = debtor.data;
  const activeHolds = d.holds.filter((h) => !h.liftedAt);
  // One truth for the money: Debtors' outstanding of each debt, split by where it stands.
  const sumOf = (status: string) => d.invoices.filter((i) => i.status === status).reduce((sum, i) => sum + i.outstanding, 0);
  const open = sumOf('open');
  const inAgreement = sumOf('in_agreement');

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>{d.name}</Title>
          <Text c="dimmed">{d.kind.toUpperCase()} {d.document}</Text>
        </div>
        <Group>
          {d.onHold && <Badge color="red.9" variant="outline" size="lg">Cobrança suspensa</Badge>}
          <Button component="a" href={`/api/v1/debtors/${d.id}/statement`} variant="default">Baixar extrato (PDF)</Button>
          <Card withBorder padding="xs" aria-label="Em aberto">
            <Text size="xs" c="dimmed">Em aberto (valor de face)</Text>
            <Text fw={700}>{formatBRL(open)}</Text>
          </Card>
          {inAgreement > 0 && (
            <Card withBorder padding="xs" aria-label="Em acordo">
              <Text size="xs" c="dimmed">Em acordo (valor de face)</Text>
              <Text fw={700}>{formatBRL(inAgreement)}</Text>
            </Card>
          )}
        </Group>
      </Group>
      {(optOut.isError || liftHold.isError) && <Alert color="red" role="alert">{problemMessage(optOut.error ?? liftHold.error)}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Card withBorder>
              <Title order={3} size="h5" mb="xs">Débitos com valor atualizado hoje</Title>
              {valuation.isPending ? <Loading /> : valuation.isError ? <Failure error={valuation.error} /> : valuation.data.items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nenhum débito em aberto para negociar{inAgreement > 0 ? `: ${formatBRL(inAgreement)} em acordo (veja o acordo abaixo).` : '.'}
                </Text>
              ) : (
                <Table aria-label="Débitos" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Contrato</Table.Th><Table.Th>Vencimento</Table.Th><Table.Th ta="right">Principal</Table.Th>
                      <Table.Th ta="right">Correção</Table.Th><Table.Th ta="right">Multa</Table.Th><Table.Th ta="right">Juros</Table.Th>
                      <Table.Th ta="right">Total hoje</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {valuation.data.items.map((v) => (
                      <Table.Tr key={v.invoiceId} id={`debito-${v.invoiceId}`}>
                        <Table.Td>{v.externalId}</Table.Td>
                        <Table.Td>{formatDate(v.dueDate)} <Text span size="xs" c="dimmed">({v.daysLate} dias)</Text></Table.Td>
                        <Table.Td ta="right">{formatBRL(v.principal)}</Table.Td>
                        <Table.Td ta="right">{formatBRL(v.correction)}</Table.Td>
                        <Table.Td ta="right">{formatBRL(v.fine)}{v.fineCapped && <Text span size="xs" c="dimmed"> (limitada)</Text>}</Table.Td>
                        <Table.Td ta="right">
                          {formatBRL(v.interest)}
                          {v.interestCapped && <Text span size="xs" c="dimmed"> (limitados)</Text>}
                          {v.interestBasis === 'legalRate' && (
                            <Text span size="xs" c="dimmed" title="O contrato não pactuou juros: aplica-se a taxa legal (Selic menos IPCA, art. 406 do Código Civil, Lei 14.905/2024)">
                              {' '}(taxa legal)
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right" fw={600}>{formatBRL(v.total)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr><Table.Th colSpan={6}>Total atualizado</Table.Th><Table.Th ta="right">{formatBRL(valuation.data.total)}</Table.Th></Table.Tr>
                  </Table.Tfoot>
                </Table>
              )}
              {d.invoices.some((i) => i.status !== 'open') && (
                <Text size="xs" c="dimmed" mt="xs">
                  Outros débitos: {d.invoices.filter((i) => i.status !== 'open').map((i) => `${i.externalId} (${statusLabels[i.status] ?? i.status})`).join(', ')}
                </Text>
              )}
            </Card>
            <ScoreCard debtorId={d.id} />
            <CallPanel key={d.id} debtorId={d.id} contacts={d.contacts} onFollowUp={followUp} />
            <AgreementCard debtorId={d.id} />
            {valuation.data && valuation.data.items.length > 0 && !d.onHold && (
              <div ref={simulator}><Simulator debtorId={d.id} debts={valuation.data.items} /></div>
            )}
            <DebtorActions debtorId={d.id} debts={d.invoices} request={request} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Card withBorder>
              <Title order={3} size="h5" mb="xs">Contatos</Title>
              <List spacing={4} size="sm" listStyleType="none">
                {d.contacts.map((c) => (
                  <List.Item key={c.id}>
                    <Text span fw={500}>{channelLabels[c.channel] ?? c.channel}:</Text>{' '}
                    {c.channel === 'phone' && c.valid && !c.optedOutAt ? <Anchor href={`tel:${c.value}`}>{c.value}</Anchor> : c.value}{' '}
                    {c.optedOutAt && <Badge size="xs" color="red" variant="light">oposição</Badge>}
                    {!c.valid && <Badge size="xs" color="gray" variant="light">{c.invalidReason === 'wrong_number' ? 'número errado' : c.invalidReason === 'bounce' ? 'não entregue' : 'inválido'}</Badge>}
                    {c.source === 'bureau' && <Badge size="xs" color="grape" variant="light">birô</Badge>}
                    {!c.optedOutAt && (
                      <Button size="compact-xs" variant="light" color="red" aria-label={`Registrar oposição ao contato ${c.value}`}
                        onClick={() => { const reason = window.prompt('Motivo da oposição ao contato (como o devedor pediu):'); if (reason) optOut.mutate({ contactId: c.id, reason }); }}>
                        registrar oposição
                      </Button>
                    )}
                  </List.Item>
                ))}
              </List>
              {d.address && <Text size="sm" mt="xs">{[d.address.street, d.address.number, d.address.city, d.address.state].filter(Boolean).join(', ')}</Text>}
            </Card>
            <BureauPanel debtorId={d.id} />
            {activeHolds.length > 0 && (
              <Card withBorder>
                <Title order={3} size="h5" mb="xs">Suspensões</Title>
                {activeHolds.map((h) => (
                  <Group key={h.id} justify="space-between" wrap="nowrap">
                    <Text size="sm">{h.kind}: {h.reason}{h.endsOn && ` (até ${formatDate(h.endsOn)})`}</Text>
                    <Button size="compact-xs" variant="light" aria-label={`Encerrar a suspensão: ${h.reason}`}
                      onClick={() => { const reason = window.prompt('Por que a suspensão termina?'); if (reason) liftHold.mutate({ holdId: h.id, reason }); }}>
                      encerrar
                    </Button>
                  </Group>
                ))}
              </Card>
            )}
            <History debtorId={d.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The first entries paint with the page; the rest render in a transition, in slices that leave the page responsive. */
const FirstEntries = 30;

type Entry = Schemas['GetTimelineEntry'];

/** Where an entry leads: its agreement, its debt on this page, the calls and letters for a call or a letter. */
function EntryLink({ e }: { e: Entry }) {
  if (e.subjectKind === 'agreement' && e.subjectId) return <Anchor component={Link} to={`/acordos/${e.subjectId}`} size="xs">ver acordo</Anchor>;
  if (e.subjectKind === 'message' && (e.channel === 'call' || e.channel === 'letter'))
    return <Anchor component={Link} to="/ligacoes-e-cartas" size="xs">ver {e.channel === 'call' ? 'ligação' : 'carta'}</Anchor>;
  if (e.invoiceId) return <Anchor href={`#debito-${e.invoiceId}`} size="xs">ver débito</Anchor>;
  return null;
}

export function History({ debtorId }: { debtorId: string }) {
  const timeline = useTimeline(debtorId);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const total = entries.length;
  const [shown, setShown] = useState(FirstEntries);
  useEffect(() => {
    if (total > shown) startTransition(() => setShown(total));
  }, [total, shown]);
  const addNote = useAddNote(debtorId);
  const { value: note, setValue: setNote, clear, restored } = useDraft(`note:${debtorId}`, '');
  const errorOf = fieldErrors(addNote.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    addNote.mutate(note, { onSuccess: clear });
  };
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">Histórico</Title>
      <form onSubmit={submit}>
        <Group align="flex-end" mb="sm">
          <Textarea label="Nova anotação" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errorOf('text')} autosize minRows={1} style={{ flex: 1 }}
            description={restored && note ? 'Mantivemos o que você tinha digitado antes de a sessão expirar.' : undefined} />
          <Button type="submit" loading={addNote.isPending} variant="light">Anotar</Button>
        </Group>
      </form>
      {timeline.isPending ? <Loading /> : timeline.isError ? <Failure error={timeline.error} /> : (
        <div style={{ maxHeight: 480, overflowY: 'auto', contentVisibility: 'auto' }} tabIndex={0} role="region" aria-label="Linha do tempo">
          <Timeline bulletSize={12} lineWidth={2}>
            {entries.slice(0, shown).map((e) => (
              <Timeline.Item key={e.id} title={<Text size="sm" fw={500}>{kindLabels[e.kind] ?? e.kind}{e.channel && ` · ${channelLabels[e.channel] ?? e.channel}`}{e.result && ` · ${resultOf(e.kind, e.result)}`}</Text>}>
                {e.text && <Text size="sm">{e.text}</Text>}
                <Group gap="xs">
                  <Text size="xs" c="dimmed">{formatDateTime(e.occurredAt)} · {e.actor}</Text>
                  <EntryLink e={e} />
                </Group>
              </Timeline.Item>
            ))}
          </Timeline>
          {timeline.hasNextPage && (
            <Button variant="subtle" size="xs" mt="xs" loading={timeline.isFetchingNextPage} onClick={() => timeline.fetchNextPage()}>Carregar mais</Button>
          )}
        </div>
      )}
    </Card>
  );
}
