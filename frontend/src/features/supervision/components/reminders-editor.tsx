import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, Table, Text, TextInput } from '@mantine/core';
import type { Schemas } from '@/lib/api';
import { formatDateTime, messageChannels } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useTemplates } from '@/features/communication/api/templates';
import { useAgreementReminders, useSaveAgreementReminders } from '../api/agreement-reminders';
import { actorName } from '@/lib/catalogue';

type Step = Schemas['AgreementRemindersStep'];

const num = (v: number | string) => (typeof v === 'number' ? v : Number(v.replace(',', '.')) || 0);

/** The portfolio's reminders of each agreement installment (régua do acordo): days from the installment's due date, channel, template. */
export function RemindersEditor({ portfolioId }: { portfolioId: string }) {
  const current = useAgreementReminders(portfolioId);
  const templates = useTemplates();
  const save = useSaveAgreementReminders(portfolioId);
  const [steps, setSteps] = useState<Step[] | null>(null);
  useEffect(() => {
    if (current.data) setSteps(current.data.steps);
  }, [current.data]);
  if (current.isError) return <Failure error={current.error} />;
  if (current.isPending || !steps) return <Loading />;
  const errorOf = fieldErrors(save.error);
  const setStep = (i: number, patch: Partial<Step>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  // A step's template is chosen by the person (none preselected), among those of the step's channel.
  const templateOptions = (channel: string) => (templates.data?.items ?? []).filter((t) => t.channel === channel).map((t) => ({ value: t.code, label: t.code }));
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed" mb="sm">
        {current.data.isDefault
          ? 'Esta carteira usa os lembretes padrão. '
          : `Versão ${current.data.version}, por ${actorName(current.data.createdBy)} em ${formatDateTime(current.data.createdAt)}. `}
        Cada etapa lembra o devedor de cada parcela do acordo tantos dias após o vencimento da parcela (negativo: antes).
        Uma parcela paga ou um acordo encerrado cancela os lembretes pendentes. As regras de horário, feriados, limites de
        contato e suspensões são aplicadas no momento do envio.
      </Text>
      <Table aria-label="Etapas dos lembretes do acordo" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Etapa</Table.Th><Table.Th>Dias após o vencimento da parcela</Table.Th><Table.Th>Canal</Table.Th><Table.Th>Modelo</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((s, i) => (
            <Table.Tr key={i}>
              <Table.Td><TextInput size="xs" aria-label={`Etapa ${i + 1}`} value={s.key} onChange={(e) => setStep(i, { key: e.currentTarget.value })} error={errorOf(`steps[${i}].key`)} /></Table.Td>
              <Table.Td><NumberInput size="xs" aria-label={`Dias após o vencimento da parcela, etapa ${i + 1}`} value={s.offsetDays} onChange={(v) => setStep(i, { offsetDays: num(v) })} error={errorOf(`steps[${i}].offsetDays`)} /></Table.Td>
              <Table.Td><Select size="xs" aria-label={`Canal, etapa ${i + 1}`} data={messageChannels} value={s.channel} onChange={(v) => setStep(i, { channel: (v ?? 'email') as Step['channel'] })} error={errorOf(`steps[${i}].channel`)} /></Table.Td>
              <Table.Td><Select size="xs" aria-label={`Modelo, etapa ${i + 1}`} data={templateOptions(s.channel)} value={s.template || null} onChange={(v) => setStep(i, { template: v ?? '' })} searchable error={errorOf(`steps[${i}].template`)} /></Table.Td>
              <Table.Td><ActionIcon variant="subtle" color="red" aria-label={`Remover etapa ${i + 1}`} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>×</ActionIcon></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errorOf('steps', { exact: true }) && <Text c="red" size="sm">{errorOf('steps', { exact: true })}</Text>}
      <Button variant="subtle" size="xs" mt="xs"
        onClick={() => setSteps([...steps, { key: `etapa-${steps.length + 1}`, offsetDays: (steps.at(-1)?.offsetDays ?? 0) + 1, channel: 'email', template: '' }])}>
        Adicionar etapa
      </Button>
      {save.isError && <Alert color="red" mt="md" role="alert">{problemMessage(save.error)}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="md" role="status">Lembretes salvos: versão {save.data.version}.</Alert>}
      <Group justify="flex-end" mt="md">
        <Button onClick={() => save.mutate(steps)} loading={save.isPending}>Salvar nova versão</Button>
      </Group>
    </Card>
  );
}
