import { useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { ApiError } from '@/lib/api-client';
import { useLogin } from '../api/login';
import type { User } from '../types';

const messages: Record<number, string> = {
  401: 'E-mail ou senha incorretos.',
  423: 'Conta bloqueada temporariamente após tentativas sem sucesso. Tente novamente mais tarde.',
  429: 'Muitas tentativas seguidas. Aguarde alguns segundos.',
};

export function LoginForm({ onSuccess }: { onSuccess: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  // Asked once the API says the password is right and the account has a second factor.
  const [askCode, setAskCode] = useState(false);
  const login = useLogin();
  const problem = login.error instanceof ApiError ? login.error.problem : undefined;
  const mfaRequired = problem?.type?.endsWith('/mfa-required') ?? false;
  const fieldError = (field: string) => problem?.errors?.[field]?.join(' ');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(askCode && totp.trim() ? { email, password, totp: totp.trim() } : { email, password }, {
      onSuccess,
      onError: (error) => {
        if (error instanceof ApiError && error.problem.type?.endsWith('/mfa-required')) setAskCode(true);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Entrar">
      <Stack>
        {login.isError && mfaRequired && (
          <Alert color="blue" role="status" title="Verificação em duas etapas">
            Informe o código de 6 dígitos do aplicativo autenticador (ou um código de recuperação).
          </Alert>
        )}
        {login.isError && !mfaRequired && !problem?.errors && (
          <Alert color="red" role="alert" title="Não foi possível entrar">
            {(problem?.status === 401 && askCode ? 'E-mail, senha ou código incorretos.' : problem?.status && messages[problem.status]) ??
              'Erro inesperado. Tente novamente.'}
          </Alert>
        )}
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError('email')}
          data-autofocus
        />
        <PasswordInput
          label="Senha"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
        />
        {askCode && (
          <TextInput
            label="Código do autenticador"
            description="6 dígitos do aplicativo, ou um código de recuperação"
            autoComplete="one-time-code"
            inputMode="text"
            required
            value={totp}
            onChange={(e) => setTotp(e.currentTarget.value)}
            error={fieldError('totp')}
            autoFocus
          />
        )}
        <Button type="submit" loading={login.isPending} fullWidth>
          Entrar
        </Button>
      </Stack>
    </form>
  );
}
