import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, NumberInput, Select, Tabs, TextInput, Textarea } from '@mantine/core';
import type { Schemas } from '@/lib/api';
import { todayIso } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { useDraft } from '@/lib/drafts';
import { useTemplates } from '@/features/communication/api/templates';
import { usePlaceHold, usePromise, useSendMessage } from '../api/debtors';

const holdKinds = [
  { value: 'dispute', label: 'Contestação do débito' },
  { value: 'hardship', label: 'Dificuldade financeira' },
  { value: 'deceased', label: 'Falecimento' },
  { value: 'lawsuit', label: 'Ação judicial' },
  { value: 'do_not_contact', label: 'Não contatar' },
];

/**
 * What a call asks of the actions (call panel): open the promise form with these values, or the hold form on this kind.
 * <c>seq</c> grows with each request, so the same request twice applies twice.
 */
export type ActionRequest = { seq: number; tab: 'promise' | 'hold'; promise?: { amount: number; dueDate: string; note?: string | null }; holdKind?: string };

/** What an agent does on a debtor besides negotiating: a promise to pay, a message, a hold on collection. */
export function DebtorActions({ debtorId, debts, request }: { debtorId: string; debts: Schemas['GetDebtorDebt'][]; request?: ActionRequest }) {
  const open = debts.filter((d) => d.status === 'open' || d.status === 'in_agreement');
  const [tab, setTab] = useState<string | null>('promise');
  useEffect(() => { if (request) setTab(request.tab); }, [request]);
  return (
    <Card withBorder>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="promise">Promessa</Tabs.Tab>
          <Tabs.Tab value="message">Mensagem</Tabs.Tab>
          <Tabs.Tab value="hold">Suspender cobrança</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="promise" pt="sm"><PromiseForm debtorId={debtorId} request={request} /></Tabs.Panel>
        <Tabs.Panel value="message" pt="sm"><MessageForm debtorId={debtorId} debts={open} /></Tabs.Panel>
        <Tabs.Panel value="hold" pt="sm"><HoldForm debtorId={debtorId} debts={open} request={request} /></Tabs.Panel>
      </Tabs>
    </Card>
  );
}

const debtOptions = (debts: Schemas['GetDebtorDebt'][]) => [
  { value: '', label: 'Todos os débitos' },
  ...debts.map((d) => ({ value: d.id, label: d.externalId })),
];

const emptyPromise = () => ({ amount: '' as number | string, dueDate: todayIso(), note: '' });

function PromiseForm({ debtorId, request }: { debtorId: string; request?: ActionRequest }) {
  const promise = usePromise(debtorId);
  const draft = useDraft<{ amount: number | string; dueDate: string; note: string }>(`promise:${debtorId}`, emptyPromise());
  const { value: form, setValue: setForm } = draft;
  useEffect(() => {
    if (request?.promise) setForm({ amount: request.promise.amount, dueDate: request.promise.dueDate, note: request.promise.note ?? '' });
  }, [request]); // eslint-disable-line react-hooks/exhaustive-deps
  const errorOf = fieldErrors(promise.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    promise.mutate({ amount: Number(form.amount) || 0, dueDate: form.dueDate, note: form.note || undefined }, { onSuccess: draft.clear });
  };
  return (
    <form onSubmit={submit} aria-label="Registrar promessa de pagamento">
      <Group align="flex-start" grow>
        <NumberInput label="Valor prometido (R$)" value={form.amount} onChange={(v) => setForm({ ...form, amount: v })} min={0} decimalScale={2} decimalSeparator="," thousandSeparator="." error={errorOf('amount')} />
        <TextInput label="Data prometida" type="date" value={form.dueDate} onChange={(e) => setForm({ ...form, dueDate: e.currentTarget.value })} error={errorOf('dueDate')} />
      </Group>
      <Textarea label="Observação" value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} error={errorOf('note')} autosize minRows={1} mt="xs"
        description={draft.restored && (form.note || form.amount) ? 'Mantivemos o que você tinha digitado antes de a sessão expirar.' : undefined} />
      <Outcome mutation={promise} done="Promessa registrada." />
      <Group justify="flex-end" mt="xs"><Button type="submit" loading={promise.isPending}>Registrar promessa</Button></Group>
    </form>
  );
}

function MessageForm({ debtorId, debts }: { debtorId: string; debts: Schemas['GetDebtorDebt'][] }) {
  const templates = useTemplates();
  const send = useSendMessage(debtorId);
  const [template, setTemplate] = useState<string | null>(null);
  const [invoiceId, setInvoiceId] = useState('');
  const errorOf = fieldErrors(send.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ template: template ?? '', invoiceId: invoiceId || undefined });
  };
  return (
    <form onSubmit={submit} aria-label="Enviar mensagem">
      <Group align="flex-start" grow>
        <Select label="Modelo" placeholder="Escolha o modelo" value={template} onChange={setTemplate} searchable error={errorOf('template')}
          data={(templates.data?.items ?? []).map((t) => ({ value: t.code, label: `${t.code} (${t.channel})` }))} />
        <Select label="Débito" value={invoiceId} onChange={(v) => setInvoiceId(v ?? '')} data={debtOptions(debts)} />
      </Group>
      <Outcome mutation={send} done="Mensagem na fila: sai quando a lei permitir (horário, feriados, limites)." />
      <Group justify="flex-end" mt="xs"><Button type="submit" loading={send.isPending}>Enviar</Button></Group>
    </form>
  );
}

function HoldForm({ debtorId, debts, request }: { debtorId: string; debts: Schemas['GetDebtorDebt'][]; request?: ActionRequest }) {
  const hold = usePlaceHold(debtorId);
  const empty = { kind: 'dispute', reason: '', legalBasis: '', invoiceId: '', endsOn: '' };
  const [form, setForm] = useState(empty);
  useEffect(() => { if (request?.holdKind) setForm((f) => ({ ...f, kind: request.holdKind! })); }, [request]);
  const errorOf = fieldErrors(hold.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    hold.mutate({
      kind: form.kind, reason: form.reason, legalBasis: form.legalBasis || undefined, invoiceId: form.invoiceId || undefined,
      endsOn: form.endsOn || undefined,
    }, { onSuccess: () => setForm(empty) });
  };
  return (
    <form onSubmit={submit} aria-label="Suspender a cobrança">
      <Group align="flex-start" grow>
        <Select label="Tipo" value={form.kind} onChange={(v) => setForm({ ...form, kind: v ?? 'dispute' })} data={holdKinds} error={errorOf('kind')} />
        <Select label="Débito" value={form.invoiceId} onChange={(v) => setForm({ ...form, invoiceId: v ?? '' })} data={debtOptions(debts)} />
        <TextInput label="Até (opcional)" type="date" value={form.endsOn} onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })} error={errorOf('endsOn')} />
      </Group>
      <TextInput label="Motivo" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })} error={errorOf('reason')} mt="xs" />
      <TextInput label="Base legal (opcional)" value={form.legalBasis} onChange={(e) => setForm({ ...form, legalBasis: e.currentTarget.value })} error={errorOf('legalBasis')} mt="xs" />
      <Outcome mutation={hold} done="Cobrança suspensa: mensagens na fila foram canceladas." />
      <Group justify="flex-end" mt="xs"><Button type="submit" color="red.9" loading={hold.isPending}>Suspender</Button></Group>
    </form>
  );
}

function Outcome({ mutation, done }: { mutation: { isError: boolean; isSuccess: boolean; error: unknown }; done: string }) {
  if (mutation.isError) return <Alert color="red" role="alert" mt="xs" p="xs">{problemMessage(mutation.error)}</Alert>;
  if (mutation.isSuccess) return <Alert color="teal" role="status" mt="xs" p="xs">{done}</Alert>;
  return null;
}
