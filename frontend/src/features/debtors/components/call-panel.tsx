import { useRef, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { brasiliaInstant, fetchNextDebtor, useCallOutcomes, useDial, useRecordCall, type RecordedCall } from '../api/calls';
import { ShortcutsHelp, useShortcuts } from './shortcuts';

type Contact = Schemas['GetDebtorContact'];

/** What the page does after an outcome that needs more than a click (the promise form, the hold form, the simulator). */
export type CallFollowUp = (recorded: RecordedCall) => void;

const digitOf = (index: number) => (index < 9 ? String(index + 1) : index === 9 ? '0' : undefined);

/**
 * The call loop on the 360: the debtor's phones as tel: links that also tell the dialer, one button per outcome of the
 * portfolio (one click, the note optional), a callback at a lawful time, and the next debtor of the queue, all with
 * keyboard shortcuts listed in a help panel (?).
 */
export function CallPanel({ debtorId, contacts, onFollowUp }: { debtorId: string; contacts: Contact[]; onFollowUp: CallFollowUp }) {
  const phones = contacts.filter((c) => c.channel === 'phone' && c.valid && !c.optedOutAt);
  const outcomes = useCallOutcomes(debtorId);
  const record = useRecordCall(debtorId);
  const dial = useDial(debtorId);
  const navigate = useNavigate();
  // Opened from the calls queue: the call closes that dunning call task, to the task's phone.
  const [params, setParams] = useSearchParams();
  const task = params.get('tarefa') ?? undefined;
  const [phone, setPhone] = useState(params.get('telefone') ?? phones[0]?.value ?? '');
  const [note, setNote] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [help, setHelp] = useState(false);
  const [noNext, setNoNext] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const callbackRef = useRef<HTMLInputElement>(null);
  const chosen = phones.some((p) => p.value === phone) ? phone : phones[0]?.value ?? '';
  const errorOf = fieldErrors(record.error);

  const recordOutcome = (outcome: string) => {
    if (!chosen || record.isPending) return;
    record.mutate({ phone: chosen, outcome, note: note.trim() || undefined, callbackAt: brasiliaInstant(callbackAt), messageId: task }, {
      onSuccess: (recorded) => {
        setNote(''); setCallbackAt(''); onFollowUp(recorded);
        if (task) setParams((p) => { p.delete('tarefa'); p.delete('telefone'); return p; }, { replace: true });
      },
    });
  };
  const next = async () => {
    const id = await fetchNextDebtor(debtorId);
    if (id) navigate(`/devedores/${id}`);
    else setNoNext(true);
  };
  const items = outcomes.data?.items ?? [];
  const shortcuts = [
    { keys: '?', label: 'Mostrar os atalhos', run: () => setHelp(true) },
    { keys: 'n', label: 'Próximo devedor da fila', run: () => void next() },
    { keys: 'l', label: 'Ligar para o telefone escolhido', run: () => { if (chosen) { dial.mutate(chosen); window.location.href = `tel:${chosen}`; } } },
    { keys: 'o', label: 'Escrever a observação da ligação', run: () => noteRef.current?.focus() },
    { keys: 'r', label: 'Agendar o retorno', run: () => callbackRef.current?.focus() },
    ...items.flatMap((o, i) => (digitOf(i) ? [{ keys: digitOf(i)!, label: `Registrar: ${o.label}`, run: () => recordOutcome(o.code) }] : [])),
  ];
  useShortcuts(shortcuts);

  return (
    <Card withBorder aria-label="Ligação">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">Ligação</Title>
        <Group gap="xs">
          <Button size="compact-sm" variant="subtle" onClick={() => setHelp(true)} aria-keyshortcuts="?">Atalhos (?)</Button>
          <Button size="compact-sm" onClick={() => void next()} aria-keyshortcuts="n">Próximo devedor</Button>
        </Group>
      </Group>
      {task && <Text size="sm" c="dimmed" mb="xs">Ligação da régua de cobrança: o resultado conclui a tarefa.</Text>}
      {phones.length === 0 ? (
        <Text size="sm" c="dimmed">Sem telefone válido: nenhum número para ligar.</Text>
      ) : (
        <Stack gap="xs">
          <Radio.Group label="Telefone" value={chosen} onChange={setPhone}>
            <Group gap="md" mt={4}>
              {phones.map((p) => (
                <Group key={p.id} gap={6}>
                  <Radio value={p.value} aria-label={`Usar ${p.value}`} />
                  <Anchor href={`tel:${p.value}`} onClick={() => { setPhone(p.value); dial.mutate(p.value); }} aria-label={`Ligar para ${p.value}`}>
                    {p.value}
                  </Anchor>
                </Group>
              ))}
            </Group>
          </Radio.Group>
          {dial.isError && <Alert color="orange" role="alert" p="xs">{problemMessage(dial.error)}</Alert>}
          <Group align="flex-start" grow>
            <Textarea ref={noteRef} label="Observação (opcional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1}
              error={errorOf('note')} />
            <TextInput ref={callbackRef} label="Retorno (horário de Brasília, opcional)" type="datetime-local" value={callbackAt}
              onChange={(e) => setCallbackAt(e.currentTarget.value)} error={errorOf('callbackAt')} />
          </Group>
          <Group gap="xs" role="group" aria-label="Resultado da ligação">
            {items.map((o, i) => (
              <Button key={o.code} size="xs" variant="light" loading={record.isPending && record.variables?.outcome === o.code}
                onClick={() => recordOutcome(o.code)} aria-keyshortcuts={digitOf(i)}>
                {digitOf(i) && <Text span size="xs" c="dimmed" mr={4}>{digitOf(i)}</Text>}{o.label}
              </Button>
            ))}
          </Group>
          {record.isError && !errorOf('callbackAt') && !errorOf('note') && <Alert color="red" role="alert" p="xs">{problemMessage(record.error)}</Alert>}
          {record.isSuccess && (
            <Alert color="teal" role="status" p="xs">
              Ligação registrada: {record.data.label}.{record.data.callbackAt && ` Retorno em ${formatDateTime(record.data.callbackAt)}.`}
            </Alert>
          )}
        </Stack>
      )}
      {noNext && <Text size="sm" c="dimmed" mt="xs" role="status">Não há outro devedor na sua fila agora.</Text>}
      <ShortcutsHelp opened={help} onClose={() => setHelp(false)} shortcuts={shortcuts} />
    </Card>
  );
}
