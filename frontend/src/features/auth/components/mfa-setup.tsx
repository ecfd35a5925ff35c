import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Card, Code, CopyButton, Group, Image, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { toDataURL } from 'qrcode';
import { fieldErrors, problemMessage } from '@/lib/problems';
import { Failure, Loading } from '@/components/status';
import { useMe } from '../api/get-me';
import { authKeys } from '../api/keys';
import { useConfirmMfa, useEnrolMfa } from '../api/mfa';

/**
 * "Verificação em duas etapas": the QR code of the otpauth:// URI and the secret for typing in, confirmation with a
 * code, then the recovery codes, shown once (copy or download). Loaded only when opened (the QR library with it).
 */
export default function MfaSetup() {
  const me = useMe();
  const enrol = useEnrolMfa();
  const confirm = useConfirmMfa();
  const [code, setCode] = useState('');
  const [qr, setQr] = useState<string>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const uri = enrol.data?.otpauthUri;

  useEffect(() => {
    if (!uri) return;
    let live = true;
    void toDataURL(uri, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [uri]);

  if (me.isPending) return <Loading />;
  if (me.isError) return <Failure error={me.error} />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.replace(/\s/g, ''), { onSuccess: (r) => setRecoveryCodes(r.recoveryCodes) });
  };
  const text = recoveryCodes ? `Recovery — códigos de recuperação de ${me.data.email}\n\n${recoveryCodes.join('\n')}\n` : '';
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    link.download = 'recovery-codigos-de-recuperacao.txt';
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: authKeys.me() });
    navigate('/', { replace: true });
  };

  return (
    <Stack maw={720}>
      <Title order={2}>Verificação em duas etapas</Title>
      {recoveryCodes ? (
        <Card withBorder>
          <Stack>
            <Alert color="teal" title="Verificação em duas etapas ativada">
              Guarde estes códigos de recuperação em lugar seguro. Cada um entra uma única vez, no lugar do código do
              aplicativo, se você perder o celular. Eles não serão mostrados de novo.
            </Alert>
            <SimpleGrid cols={{ base: 2, sm: 5 }} aria-label="Códigos de recuperação" component="ul" p={0} style={{ listStyle: 'none' }}>
              {recoveryCodes.map((c) => (
                <li key={c}><Code fz="md">{c}</Code></li>
              ))}
            </SimpleGrid>
            <Group>
              <CopyButton value={text}>
                {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? 'Copiados' : 'Copiar códigos'}</Button>}
              </CopyButton>
              <Button variant="light" onClick={download}>Baixar códigos</Button>
              <Button onClick={() => void done()}>Continuar</Button>
            </Group>
          </Stack>
        </Card>
      ) : me.data.mfaEnabled ? (
        <Alert color="teal" title="Ativa">
          Você entra com senha e o código do aplicativo autenticador. Perdeu o celular e os códigos de recuperação? Peça a
          um administrador que redefina a verificação em duas etapas.
        </Alert>
      ) : (
        <Card withBorder>
          <Stack>
            {me.data.mfaRequired && (
              <Alert color="blue" title="Obrigatória para o seu papel">
                Para continuar, configure a verificação em duas etapas: além da senha, você informará um código do
                aplicativo autenticador ao entrar.
              </Alert>
            )}
            {!enrol.data ? (
              <Group>
                <Text>Use um aplicativo autenticador (Google Authenticator, Microsoft Authenticator, FreeOTP ou outro).</Text>
                <Button onClick={() => enrol.mutate()} loading={enrol.isPending}>Configurar</Button>
              </Group>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Stack align="center" gap="xs">
                  {qr ? <Image src={qr} alt="QR code para o aplicativo autenticador" w={220} h={220} /> : <Loading />}
                  <Text size="sm" c="dimmed">Não consegue ler o QR code? Digite a chave:</Text>
                  <Code fz="sm" style={{ wordBreak: 'break-all' }} aria-label="Chave para digitar">{enrol.data.secret}</Code>
                </Stack>
                <Stack component="form" onSubmit={submit} aria-label="Confirmar verificação em duas etapas">
                  <List type="ordered" size="sm">
                    <List.Item>No aplicativo, adicione uma conta lendo o QR code (ou digitando a chave).</List.Item>
                    <List.Item>Informe o código de 6 dígitos que ele mostra.</List.Item>
                  </List>
                  <TextInput label="Código do autenticador" autoComplete="one-time-code" inputMode="numeric" maxLength={7}
                    value={code} onChange={(e) => setCode(e.currentTarget.value)} error={fieldErrors(confirm.error)('totp')} required />
                  <Button type="submit" loading={confirm.isPending}>Confirmar</Button>
                  {confirm.isError && !fieldErrors(confirm.error)('totp') && (
                    <Alert color="red" role="alert">{problemMessage(confirm.error)}</Alert>
                  )}
                </Stack>
              </SimpleGrid>
            )}
            {enrol.isError && <Alert color="red" role="alert">{problemMessage(enrol.error)}</Alert>}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
