namespace Recovery.BuildingBlocks;

/// <summary>
/// What a module holds on a data subject (LGPD art. 18 II and art. 19), for the data-subject report: each module that
/// keeps personal data registers one source that reads its own schema; Debtors, which knows people by CPF, asks them all.
/// </summary>
public interface IPersonalDataSource
{
    Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct);
}

/// <param name="Source">Where the data came from and which part of the product keeps it.</param>
/// <param name="Category">What the records are, in the words of the report (pt-BR).</param>
/// <param name="LegalBasis">Why it is processed, with the article of the LGPD (and other law) that allows it.</param>
/// <param name="Records">Every row held, column by column, as stored.</param>
public sealed record PersonalDataSection(string Source, string Category, string LegalBasis, IReadOnlyList<IReadOnlyDictionary<string, object?>> Records)
{
    /// <summary>A section from rows read with Dapper without a type (each row is its columns by name).</summary>
    public static PersonalDataSection FromRows(string source, string category, string legalBasis, IEnumerable<dynamic> rows) =>
        new(source, category, legalBasis,
            rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>((IDictionary<string, object?>)r)).ToList());

    public const string CreditProtection = "Proteção do crédito (LGPD art. 7º, X)";
}

public static class PersonalDataRegistration
{
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddPersonalDataSource<TSource>(
        this Microsoft.Extensions.DependencyInjection.IServiceCollection services) where TSource : class, IPersonalDataSource =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped<IPersonalDataSource, TSource>(services);
}
