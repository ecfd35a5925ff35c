namespace Recovery.BuildingBlocks.Mediation;

/// <summary>
/// The name of a type's schema in the OpenAPI document, where the slice's name and the type's (the default,
/// "CreateUserCommand") would not give it: a published name kept when the code that holds the type moved. Partners'
/// clients and the SPA's generated types know schemas by name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SchemaNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
