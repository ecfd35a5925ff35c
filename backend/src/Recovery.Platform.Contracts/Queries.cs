using MediatR;

namespace Recovery.Platform.Contracts;

/// <summary>
/// Who a creditor is, for the documents that must name it (CDC art. 42-A: name and CPF/CNPJ on every charge). Null when
/// no such partner exists.
/// </summary>
public sealed record GetCreditor(Guid PartnerId) : IRequest<Creditor?>;

/// <param name="Document">The CNPJ (digits and upper-case letters) or CPF, without punctuation.</param>
public sealed record Creditor(Guid Id, string Name, string Document);

/// <summary>A person who signs in (agent, supervisor, administrator, auditor); null when no such user exists.</summary>
public sealed record GetUser(Guid UserId) : IRequest<UserSummary?>;

public sealed record UserSummary(Guid Id, string Name, string Role, bool IsActive);

/// <summary>The people who sign in, of these roles (every role when empty), by name: who can hold debts, who an actor is.</summary>
public sealed record ListPeople(IReadOnlyList<string> Roles) : IRequest<IReadOnlyList<Person>>;

/// <param name="Email">The name they sign in with, which events and reports record as the actor.</param>
/// <param name="TeamId">The team they belong to.</param>
/// <param name="AgencyId">The collection agency they work for (null: the operating organisation).</param>
public sealed record Person(Guid Id, string Email, string Name, string Role, bool IsActive, Guid? TeamId = null, Guid? AgencyId = null);
