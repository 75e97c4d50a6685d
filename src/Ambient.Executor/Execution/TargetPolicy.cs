using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Ambient.Executor.Execution;

/// <summary>What the executor may do on one target: its mode and, per agent, the resources it may act on.</summary>
/// <param name="Target">The target, e.g. <c>github</c>.</param>
/// <param name="Apply">True in <c>apply</c> mode; false in <c>dry-run</c> (the default), where nothing is sent.</param>
/// <param name="Scopes">Per agent, globs of the resources it may act on (<c>octo/*</c>, <c>C0123*</c>, <c>prod-*</c>); empty: the target's credentials are the only bound.</param>
public sealed record TargetPolicy(string Target, bool Apply, IReadOnlyDictionary<string, IReadOnlyList<string>> Scopes)
{
    /// <summary>The value of <c>Mode</c> that applies.</summary>
    public const string ApplyMode = "apply";

    /// <summary>The default <c>Mode</c>: record what would be sent, send nothing.</summary>
    public const string DryRunMode = "dry-run";

    /// <summary>Reads <c>Ambient:Executors:&lt;target&gt;</c> (<c>Mode</c>, <c>Scopes:&lt;agent&gt;</c>).</summary>
    /// <exception cref="InvalidOperationException">A mode other than <c>dry-run</c> or <c>apply</c>, naming the key.</exception>
    public static TargetPolicy Read(IConfiguration configuration, string target)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection($"{ExecutorOptions.SectionName}:{SectionOf(target)}");
        var mode = section["Mode"] ?? DryRunMode;
        if (mode is not (ApplyMode or DryRunMode))
        {
            throw new InvalidOperationException($"{section.Path}:Mode must be '{DryRunMode}' or '{ApplyMode}', not '{mode}'.");
        }

        var scopes = section.GetSection("Scopes").GetChildren().ToDictionary(
            agent => agent.Key,
            agent => (IReadOnlyList<string>)[.. agent.GetChildren().Select(glob => glob.Value).OfType<string>(), .. agent.Value is { } one ? [one] : Array.Empty<string>()],
            StringComparer.Ordinal);
        return new TargetPolicy(target, mode == ApplyMode, scopes);
    }

    /// <summary>
    /// The settings section of a target under <c>Ambient:Executors</c>: its name, except <c>email</c> actions, which the
    /// notify target delivers, and <c>mcp:&lt;server&gt;</c>, whose section is <c>Mcp:&lt;server&gt;</c>.
    /// </summary>
    public static string SectionOf(string target) => target switch
    {
        Abstractions.Actions.ActionTargets.Email => "Notify",
        _ when target.StartsWith("mcp:", StringComparison.Ordinal) => "Mcp:" + target[4..],
        _ => target,
    };

    /// <summary>
    /// Why <paramref name="agent"/> may not act on <paramref name="resource"/>, or null when it may. With scopes configured
    /// for the target, an agent not listed may act on nothing.
    /// </summary>
    public string? Refusal(string agent, string resource)
    {
        if (Scopes.Count == 0)
        {
            return null;
        }

        if (!Scopes.TryGetValue(agent, out var globs))
        {
            return $"agent '{agent}' has no scope on {Target} (Ambient:Executors:{SectionOf(Target)}:Scopes:{agent})";
        }

        return globs.Any(glob => Matches(glob, resource))
            ? null
            : $"'{resource}' is outside the scope of agent '{agent}' on {Target} ({string.Join(", ", globs)})";
    }

    // '*' matches any run of characters, '?' one; everything else literally, case-sensitively (GitHub owners, Slack ids and namespaces are case-sensitive).
    private static bool Matches(string glob, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
