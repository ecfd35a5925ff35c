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
  const login = useLogin();
  const problem = login.error instanceof ApiError ? login.error.problem : undefined;
  const fieldError = (field: string) => problem?.errors?.[field]?.join(' ');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Entrar">
      <Stack>
        {login.isError && !problem?.errors && (
          <Alert color="red" role="alert" title="Não foi possível entrar">
            {(problem?.status && messages[problem.status]) ?? 'Erro inesperado. Tente novamente.'}
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
        <Button type="submit" loading={login.isPending} fullWidth>
          Entrar
        </Button>
      </Stack>
    </form>
  );
}
