using System.Text.RegularExpressions;

namespace Ambient.Bench.Runtime;

/// <summary>
/// The shipped <c>agents/github-triage.yaml</c> under another name, with the two limits a bench needs raised: its own
/// consumer group (a new name), and a daily token budget the bench never spends, so the budget never cuts a run short.
/// </summary>
internal static partial class TriageAgentFile
{
    /// <summary>Far above what a bench spends (a run estimates 5,768 tokens per event).</summary>
    public const long TokensPerDay = 1_000_000_000_000;

    /// <summary>
    /// <paramref name="yaml"/> (read from <paramref name="source"/>) as agent <paramref name="agentName"/>; with
    /// <paramref name="maxConcurrentRuns"/> null the shipped concurrency stays.
    /// </summary>
    public static string Rewrite(string yaml, string source, string agentName, int? maxConcurrentRuns)
    {
        yaml = Replace(NamePattern(), yaml, $"name: {agentName}", "name", source);
        if (maxConcurrentRuns is { } runs)
        {
            yaml = Replace(ConcurrencyPattern(), yaml, $"maxConcurrentRuns: {runs}", "limits.maxConcurrentRuns", source);
        }

        return Replace(BudgetPattern(), yaml, $"maxTokensPerDay: {TokensPerDay}", "limits.maxTokensPerDay", source);
    }

    private static string Replace(Regex pattern, string yaml, string replacement, string field, string source) =>
        pattern.IsMatch(yaml)
            ? pattern.Replace(yaml, m => m.Groups["indent"].Value + replacement, 1)
            : throw new InvalidOperationException($"{source} has no {field} line to rewrite; the bench expects the shipped github-triage agent.");

    [GeneratedRegex(@"^(?<indent>)name: [a-z0-9-]+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?<indent>[ \t]+)maxConcurrentRuns: \d+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex ConcurrencyPattern();

    [GeneratedRegex(@"^(?<indent>[ \t]+)maxTokensPerDay: \d+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BudgetPattern();
}
