using System.Text.RegularExpressions;
using Ambient.Abstractions.Tools;

namespace Ambient.Tools.GitHub;

/// <summary>
/// Scopes a model's search query to one repository. GitHub ORs repository qualifiers together, so a query carrying its
/// own <c>repo:</c>, <c>org:</c>, <c>user:</c> or <c>owner:</c> would widen the search beyond the repository the
/// agent was given: such queries are refused rather than silently rewritten, so the model learns the rule.
/// </summary>
internal static partial class GitHubSearchQuery
{
    public const int MaxQueryChars = 256;

    /// <exception cref="ToolArgumentException">The query is too long or names its own scope.</exception>
    public static string Scope(GitHubRepository repository, string query)
    {
        var trimmed = query.Trim();
        if (trimmed.Length > MaxQueryChars)
        {
            throw new ToolArgumentException($"Argument 'query' is longer than {MaxQueryChars} characters.");
        }

        if (ScopeQualifier().Match(trimmed) is { Success: true } match)
        {
            throw new ToolArgumentException(
                $"Argument 'query' may not contain the qualifier '{match.Value.Trim()}': the search is limited to {repository}, which the tool adds itself.");
        }

        return $"repo:{repository} {trimmed}";
    }

    // A qualifier starts a term: at the start, or after whitespace, '(', '-' (negation) or a quote.
    [GeneratedRegex("""(?:^|[\s(\-"'])(?:repo|org|user|owner)\s*:""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScopeQualifier();
}
