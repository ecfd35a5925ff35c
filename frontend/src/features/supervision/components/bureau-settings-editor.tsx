import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Group, NumberInput, Stack, Text } from '@mantine/core';
import { formatBRL } from '@/lib/format';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useBureauSettings, useSaveBureauSettings } from '../api/settings';

/** A portfolio's credit-bureau terms: the monthly budget of lookups, lookups at placement, monitoring of its debtors. */
export function BureauSettingsEditor({ portfolioId }: { portfolioId: string }) {
  const current = useBureauSettings(portfolioId);
  const save = useSaveBureauSettings(portfolioId);
  const [budget, setBudget] = useState<number | ''>('');
  const [autoLookup, setAutoLookup] = useState(false);
  const [monitoring, setMonitoring] = useState(false);
  useEffect(() => {
    if (!current.data) return;
    setBudget(current.data.budgetIsDefault ? '' : current.data.monthlyBudget);
    setAutoLookup(current.data.autoLookup);
    setMonitoring(current.data.monitoring);
  }, [current.data]);
  if (current.isError) return <Failure error={current.error} />;
  if (current.isPending) return <Loading />;
  const errorOf = fieldErrors(save.error);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Cada consulta ao birô custa {formatBRL(current.data.lookupPrice)} e sai da verba mensal da carteira; a resposta do dia é
          reaproveitada sem custo. Neste mês: {formatBRL(current.data.spentThisMonth)} de {formatBRL(current.data.monthlyBudget)}.
        </Text>
        <NumberInput label="Verba mensal de consultas (R$)" description="Em branco: a verba padrão" value={budget} min={0} decimalScale={2}
          decimalSeparator="," onChange={(v) => setBudget(v === '' ? '' : Number(v))} error={errorOf('monthlyBudget')} maw={260} />
        <Checkbox label="Consultar o birô na entrada de cada devedor novo na carteira" checked={autoLookup} onChange={(e) => setAutoLookup(e.currentTarget.checked)} />
        <Checkbox label="Monitorar os devedores da carteira (alertas de nova restrição e de variação do score)" checked={monitoring}
          onChange={(e) => setMonitoring(e.currentTarget.checked)} />
        {save.isError && <Alert color="red" role="alert">{problemMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert color="teal" role="status">Regras do birô salvas.</Alert>}
        <Group justify="flex-end">
          <Button loading={save.isPending} onClick={() => save.mutate({ monthlyBudget: budget === '' ? null : budget, autoLookup, monitoring })}>Salvar</Button>
        </Group>
      </Stack>
    </Card>
  );
}
