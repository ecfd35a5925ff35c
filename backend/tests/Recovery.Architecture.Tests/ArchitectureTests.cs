using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MediatR;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Architecture.Tests;

/// <summary>The module boundaries of docs/architecture.md, kept true by tests.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Each business module (plus the platform) with its schema.</summary>
    private static readonly (string Name, string Directory, string Schema, Assembly Assembly)[] Modules =
    [
        ("Platform", "backend/src/Recovery.Platform", "platform", typeof(Recovery.Platform.PlatformModule).Assembly),
        ("Debtors", "backend/src/Modules/Debtors", "debtors", typeof(Recovery.Debtors.DebtorsModule).Assembly),
        ("Negotiation", "backend/src/Modules/Negotiation", "negotiation", typeof(Recovery.Negotiation.NegotiationModule).Assembly),
        ("Communication", "backend/src/Modules/Communication", "communication", typeof(Recovery.Communication.CommunicationModule).Assembly),
        ("Reporting", "backend/src/Modules/Reporting", "reporting", typeof(Recovery.Reporting.ReportingModule).Assembly),
        ("Portal", "backend/src/Modules/Portal", "portal", typeof(Recovery.Portal.PortalModule).Assembly),
        ("Analytics", "backend/src/Modules/Analytics", "analytics", typeof(Recovery.Analytics.AnalyticsModule).Assembly),
        ("Bureau", "backend/src/Modules/Bureau", "bureau", typeof(Recovery.Bureau.BureauModule).Assembly),
        ("Escalation", "backend/src/Modules/Escalation", "escalation", typeof(Recovery.Escalation.EscalationModule).Assembly),
    ];

    private static readonly string[] Schemas = Modules.Select(m => m.Schema).ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recovery.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Recovery.sln not found above the test directory.");
    }

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));

    [Test]
    public void Modules_reference_only_building_blocks_and_other_modules_contracts()
    {
        foreach (var csproj in Directory.GetFiles(Path.Combine(Root, "backend/src/Modules"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(csproj);
            foreach (var reference in ProjectReferences(csproj))
            {
                var allowed = name.EndsWith(".Contracts")
                    ? false
                    : reference == "Recovery.BuildingBlocks" || reference.EndsWith(".Contracts");
                Assert.That(allowed, Is.True, $"{name} must not reference {reference}");
            }
        }
        Assert.That(ProjectReferences(Path.Combine(Root, "backend/src/Recovery.Platform/Recovery.Platform.csproj")),
            Is.EquivalentTo(new[] { "Recovery.BuildingBlocks", "Recovery.Platform.Contracts" }));
        Assert.That(ProjectReferences(Path.Combine(Root, "backend/src/Recovery.BuildingBlocks/Recovery.BuildingBlocks.csproj")), Is.Empty);
    }

    [Test]
    public void Module_assemblies_do_not_load_each_other()
    {
        var moduleNames = Modules.Select(m => m.Assembly.GetName().Name!).ToHashSet();
        foreach (var module in Modules)
        {
            var referenced = module.Assembly.GetReferencedAssemblies().Select(a => a.Name!);
            Assert.That(referenced.Where(moduleNames.Contains), Is.Empty, module.Name);
        }
    }

    [Test]
    public void Only_Module_types_are_public_in_a_module()
    {
        foreach (var module in Modules)
        {
            var publicTypes = module.Assembly.GetExportedTypes().Where(t => !t.Name.EndsWith("Module")).Select(t => t.FullName);
            Assert.That(publicTypes, Is.Empty, $"{module.Name} exposes more than its *Module type: keep the rest internal");
        }
    }

    [Test]
    public void Every_request_has_a_handler()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "recovery-arch-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("RECOVERY_DATA_DIR", dataDir);
                b.UseSetting("Messaging:DispatchEnabled", "false");
            });
            using var scope = factory.Services.CreateScope();
            var assemblies = Modules.Select(m => m.Assembly)
                .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name!.EndsWith(".Contracts")));
            var requests = assemblies.SelectMany(a => a.GetTypes())
                .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false })
                .SelectMany(t => t.GetInterfaces()
                    .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>))
                    .Select(i => (Request: t, Response: i.GetGenericArguments()[0])))
                .ToList();
            Assert.That(requests, Is.Not.Empty);
            foreach (var (request, response) in requests)
            {
                var handler = scope.ServiceProvider.GetService(typeof(IRequestHandler<,>).MakeGenericType(request, response));
                Assert.That(handler, Is.Not.Null, $"{request.FullName} has no handler registered in its module file");
            }

            // Every validator of a module is found by the assembly scan and reaches the validation behaviour.
            var validators = Modules.SelectMany(m => m.Assembly.GetTypes())
                .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(FluentValidation.IValidator).IsAssignableFrom(t))
                .ToList();
            Assert.That(validators, Has.Count.GreaterThan(40));
            foreach (var validator in validators)
            {
                var validated = validator.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(FluentValidation.IValidator<>))
                    .GetGenericArguments()[0];
                var registered = (IEnumerable<object>)scope.ServiceProvider.GetServices(typeof(FluentValidation.IValidator<>).MakeGenericType(validated));
                Assert.That(registered.Select(r => r.GetType()), Has.Exactly(1).EqualTo(validator), $"{validator.FullName} is not registered once");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, true); } catch (IOException) { }
        }
    }

    [Test]
    public void No_module_names_another_schema_in_its_sql_or_migrations()
    {
        foreach (var module in Modules)
        {
            var foreign = Schemas.Where(s => s != module.Schema).ToArray();
            var pattern = new Regex($@"\b(FROM|JOIN|INTO|UPDATE|TABLE|INDEX|TRIGGER|EXISTS)\s+\[?({string.Join('|', foreign)})\]?\.",
                RegexOptions.IgnoreCase);
            var files = Directory.GetFiles(Path.Combine(Root, module.Directory), "*.*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".cs") || f.EndsWith(".sql")) && !f.Contains("/obj/") && !f.Contains("/bin/"));
            foreach (var file in files)
            {
                var match = pattern.Match(File.ReadAllText(file));
                Assert.That(match.Success, Is.False, $"{Path.GetRelativePath(Root, file)} names another module's schema: '{match.Value}'");
            }
        }
    }

    [Test]
    public void Building_blocks_name_no_module_schema()
    {
        var pattern = new Regex($@"\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+({string.Join('|', Schemas)})\.", RegexOptions.IgnoreCase);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "backend/src/Recovery.BuildingBlocks"), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs") || f.EndsWith(".sql")) && !f.Contains("/obj/")))
            Assert.That(pattern.IsMatch(File.ReadAllText(file)), Is.False, file);
    }

    [Test]
    public void Both_engines_have_the_same_migration_list_numbered_in_order()
    {
        var sources = Modules.Select(m => (m.Name, m.Assembly)).Append(("BuildingBlocks", typeof(MigrationRunner).Assembly));
        foreach (var (name, assembly) in sources)
        {
            var sqlite = MigrationRunner.Load(assembly, DatabaseProvider.Sqlite).Select(m => m.Name).ToList();
            var sqlServer = MigrationRunner.Load(assembly, DatabaseProvider.SqlServer).Select(m => m.Name).ToList();
            Assert.That(sqlServer, Is.EqualTo(sqlite), $"{name}: SQLite and SQL Server migrations differ");
            // Numbers grow; a gap is allowed (numbers are reserved ahead for changes made in parallel, run in name order).
            for (var i = 0; i < sqlite.Count; i++)
                Assert.That(sqlite[i], Does.Match("^[0-9]{4}_[a-z]+(_[a-z0-9]+)+$"), $"{name}: migration {sqlite[i]} is misnamed");
            Assert.That(sqlite.Select(n => int.Parse(n[..4])), Is.Ordered.Ascending.And.Unique, $"{name}: migrations out of order");
        }
    }

    [Test]
    public void Migrations_on_disk_are_all_embedded()
    {
        foreach (var module in Modules)
            foreach (var engine in new[] { "sqlite", "sqlserver" })
            {
                var dir = Path.Combine(Root, module.Directory, "Data/Migrations", engine);
                var onDisk = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.sql").Select(Path.GetFileNameWithoutExtension).Order().ToList() : [];
                var embedded = MigrationRunner.Load(module.Assembly, engine == "sqlite" ? DatabaseProvider.Sqlite : DatabaseProvider.SqlServer)
                    .Select(m => m.Name);
                Assert.That(embedded, Is.EqualTo(onDisk), $"{module.Name}/{engine}");
            }
    }

    [Test]
    public void Reporting_publishes_nothing()
    {
        var sources = Directory.GetFiles(Path.Combine(Root, "backend/src/Modules/Reporting"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/"));
        foreach (var file in sources)
            Assert.That(File.ReadAllText(file), Does.Not.Contain("PublishAsync"), file);
        Assert.That(Directory.Exists(Path.Combine(Root, "backend/src/Modules/Reporting.Contracts")), Is.False);
    }
}
