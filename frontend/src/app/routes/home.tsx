import { Navigate, useOutletContext } from 'react-router';
import type { User } from '@/features/auth/types';
import { WorkQueue } from '@/features/debtors/components/work-queue';

/** Where each role starts its day: agents and supervisors at the work queue, auditors at the reports. */
export function HomeRoute() {
  const user = useOutletContext<User>();
  if (user.role === 'auditor') return <Navigate to="/relatorios" replace />;
  return <WorkQueue />;
}
