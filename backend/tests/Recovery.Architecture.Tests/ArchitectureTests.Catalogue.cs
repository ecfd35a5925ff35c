using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Recovery.BuildingBlocks.Mediation;

namespace Recovery.Architecture.Tests;

/// <summary>What the SPA shows people comes from one pt-BR catalogue: every audit action has its text there.</summary>
public sealed partial class ArchitectureTests
{
    [Test]
    public void Every_audit_action_has_a_Portuguese_label_in_the_SPA_catalogue()
    {
        var catalogue = File.ReadAllText(Path.Combine(Root, "frontend/src/lib/catalogue.ts"));
        var block = Regex.Match(catalogue, @"auditActions: \{(?<body>[^}]*)\}").Groups["body"].Value;
        var labelled = Regex.Matches(block, @"^\s*'?(?<code>[A-Za-z]+)'?:\s*'[^']+',", RegexOptions.Multiline)
            .Select(m => m.Groups["code"].Value).ToHashSet();
        Assert.That(labelled, Is.Not.Empty, "the auditActions block of frontend/src/lib/catalogue.ts was not found");

        var actions = CommandActions().Concat(DirectlyAppendedActions()).ToHashSet();
        Assert.That(actions, Has.Count.GreaterThan(30), "the commands were not found");
        Assert.That(actions.Except(labelled).Order(), Is.Empty,
            "audit actions without a pt-BR text in frontend/src/lib/catalogue.ts (auditActions)");
    }

    /// <summary>Each command's action as AuditBehavior names it: its [AuditAction], else its slice's name.</summary>
    private static IEnumerable<string> CommandActions() =>
        Modules.SelectMany(m => m.Assembly.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICommandBase).IsAssignableFrom(t))
            .Select(t => t.GetCustomAttribute<AuditActionAttribute>()?.Name ?? t.DeclaringType?.Name ?? t.Name);

    /// <summary>Entries written straight to the trail (sign-ins, views of personal data, jobs): the action is the first PascalCase literal.</summary>
    private static IEnumerable<string> DirectlyAppendedActions() =>
        Modules.Select(m => m.Directory).Append("backend/src/Recovery.Platform")
            .SelectMany(d => Directory.GetFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"new AuditRecorded\((?<args>[^;]*)").Select(m => m.Groups["args"].Value))
            .Select(args => Regex.Match(args, "\"(?<name>[A-Z][A-Za-z]+)\"").Groups["name"].Value)
            .Where(name => name.Length > 0);
}
