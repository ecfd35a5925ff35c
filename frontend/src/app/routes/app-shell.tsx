import { AppShell, Burger, Button, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '@/features/auth/api/get-me';
import { useLogout } from '@/features/auth/api/logout';
import { roleLabels } from '@/lib/format';
import type { User } from '@/features/auth/types';

type Role = User['role'];

/** What each role works with; the API enforces the same (an auditor's write is a 403 anywhere). */
const navigation: { to: string; label: string; roles: Role[] }[] = [
  { to: '/painel', label: 'Painel', roles: ['supervisor', 'admin'] },
  { to: '/', label: 'Fila de trabalho', roles: ['agent', 'admin'] },
  { to: '/fila', label: 'Fila de trabalho', roles: ['supervisor'] },
  { to: '/atribuicoes', label: 'Atribuição de débitos', roles: ['supervisor', 'admin'] },
  { to: '/ligacoes-e-cartas', label: 'Ligações e cartas', roles: ['agent', 'supervisor', 'admin'] },
  { to: '/aprovacoes', label: 'Aprovações', roles: ['supervisor', 'admin'] },
  { to: '/assessorias', label: 'Assessorias', roles: ['supervisor', 'admin'] },
  { to: '/equipe', label: 'Execução e equipe', roles: ['supervisor', 'admin'] },
  { to: '/politicas', label: 'Políticas e régua', roles: ['supervisor', 'admin'] },
  { to: '/relatorios', label: 'Relatórios', roles: ['auditor', 'supervisor', 'admin'] },
  { to: '/auditoria', label: 'Trilha de auditoria', roles: ['auditor', 'admin'] },
  { to: '/lgpd', label: 'Relatório do titular', roles: ['auditor', 'admin'] },
  { to: '/usuarios', label: 'Usuários', roles: ['admin'] },
  { to: '/credores', label: 'Credores e chaves', roles: ['admin'] },
  { to: '/indices', label: 'Índices e taxa legal', roles: ['admin'] },
];

export const mfaPath = '/verificacao-em-duas-etapas';

/**
 * The signed-in frame: navigation by role, who is signed in, sign-out. A person whose role requires a second factor
 * and who has none yet gets only its setup (the API answers nothing else to them).
 */
export function AppShellRoute() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  // On a phone the navigation opens from the header's button and closes once a page is chosen.
  const [menuOpen, menu] = useDisclosure(false);
  // Escape closes it, as any drawer (also from a field, where a person's hands are).
  useHotkeys([['Escape', () => menu.close()]], []);

  if (me.isPending) return <Loader aria-label="Carregando" m="xl" />;
  if (me.isError || !me.data) return <Navigate to="/login" replace />;
  const user = me.data;
  const mustEnrol = !!user.mfaRequired && !user.mfaEnabled;
  if (mustEnrol && location.pathname !== mfaPath) return <Navigate to={mfaPath} replace />;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !menuOpen || mustEnrol } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {!mustEnrol && <Burger opened={menuOpen} onClick={menu.toggle} hiddenFrom="sm" size="sm" aria-label={menuOpen ? 'Fechar navegação' : 'Abrir navegação'}
              aria-expanded={menuOpen} aria-controls="navegacao-principal" />}
            <Title order={1} size="h4">Recovery</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs">
              {user.name} · {roleLabels[user.role] ?? user.role}
            </Text>
            <Button component={Link} to={mfaPath} variant="subtle" size="xs">
              Duas etapas
            </Button>
            <Button variant="subtle" size="xs" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
              Sair
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" id="navegacao-principal" aria-label="Navegação principal">
        {navigation.filter((n) => !mustEnrol && n.roles.includes(user.role)).map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} variant="filled" onClick={menu.close}
            active={n.to === '/' ? location.pathname === '/' : location.pathname.startsWith(n.to)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet context={user} />
      </AppShell.Main>
    </AppShell>
  );
}
