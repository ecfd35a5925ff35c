import { http, HttpResponse } from 'msw';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { server } from '@/testing/server';
import { renderWithProviders } from '@/testing/render';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  it('signs in and hands the user over', async () => {
    let sent: unknown;
    let csrf: string | null = null;
    server.use(
      http.post('*/api/v1/auth/login', async ({ request }) => {
        sent = await request.json();
        csrf = request.headers.get('X-Requested-With');
        return HttpResponse.json({ id: '1', email: 'ana@x.com', name: 'Ana', role: 'agent' });
      }),
    );
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);

    await userEvent.type(screen.getByLabelText(/e-mail/i), 'ana@x.com');
    await userEvent.type(screen.getByLabelText(/senha/i), 'segredo-123');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(onSuccess.mock.calls[0][0]).toMatchObject({ name: 'Ana', role: 'agent' });
    expect(sent).toEqual({ email: 'ana@x.com', password: 'segredo-123' });
    expect(csrf).toBe('recovery-spa');
  });

  it('says in Portuguese when the credentials are wrong and keeps what was typed', async () => {
    server.use(
      http.post('*/api/v1/auth/login', () =>
        HttpResponse.json({ status: 401, title: 'Unauthorized', detail: 'wrong' }, { status: 401 }),
      ),
    );
    renderWithProviders(<LoginForm onSuccess={() => {}} />);
    await userEvent.type(screen.getByLabelText(/e-mail/i), 'ana@x.com');
    await userEvent.type(screen.getByLabelText(/senha/i), 'errada');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('E-mail ou senha incorretos.');
    expect(screen.getByLabelText(/e-mail/i)).toHaveValue('ana@x.com');
  });

  it('shows a locked account distinctly', async () => {
    server.use(
      http.post('*/api/v1/auth/login', () => HttpResponse.json({ status: 423, title: 'Account locked' }, { status: 423 })),
    );
    renderWithProviders(<LoginForm onSuccess={() => {}} />);
    await userEvent.type(screen.getByLabelText(/e-mail/i), 'ana@x.com');
    await userEvent.type(screen.getByLabelText(/senha/i), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Conta bloqueada');
  });

  it('puts field errors from the problem next to the fields', async () => {
    server.use(
      http.post('*/api/v1/auth/login', () =>
        HttpResponse.json(
          { status: 400, title: 'invalid', errors: { email: ["'email' must not be empty."] } },
          { status: 400 },
        ),
      ),
    );
    renderWithProviders(<LoginForm onSuccess={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect(await screen.findByText("'email' must not be empty.")).toBeInTheDocument();
  });

  it('asks for the authenticator code when the account has a second factor, and sends it', async () => {
    const sent: unknown[] = [];
    server.use(
      http.post('*/api/v1/auth/login', async ({ request }) => {
        const body = (await request.json()) as { totp?: string };
        sent.push(body);
        return body.totp
          ? HttpResponse.json({ id: '1', email: 'ana@x.com', name: 'Ana', role: 'admin' })
          : HttpResponse.json(
              { type: 'https://recovery.com.br/problems/mfa-required', status: 401, title: 'Second factor required' },
              { status: 401 },
            );
      }),
    );
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    expect(screen.queryByLabelText(/código do autenticador/i)).toBeNull();
    await userEvent.type(screen.getByLabelText(/e-mail/i), 'ana@x.com');
    await userEvent.type(screen.getByLabelText(/senha/i), 'segredo-123');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));

    await userEvent.type(await screen.findByLabelText(/código do autenticador/i), '123456');
    expect(screen.queryByRole('alert')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(sent).toEqual([
      { email: 'ana@x.com', password: 'segredo-123' },
      { email: 'ana@x.com', password: 'segredo-123', totp: '123456' },
    ]);
  });
});
