export type User = {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'agent' | 'auditor';
  /** From /auth/me: the person signs in with a second factor. */
  mfaEnabled?: boolean;
  /** From /auth/me: the person's role must; until enabled, only the enrolment screen is open to them. */
  mfaRequired?: boolean;
};
